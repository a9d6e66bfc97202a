import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createExample, exampleTemplate } from "../../src/extension/exampleFile";
import { addCommand, detectPackageManager } from "../../src/extension/packageManager";
import { writeRuntimeTarball } from "../../src/extension/runtimePackage";
import { fixtures, root, runCli } from "./helpers/cli";

describe("a newcomer's project: the runtime package the extension carries, added with npm", () => {
  let project: string;
  before(async function () {
    // npm installs a local tarball without dependencies offline; it still takes a few seconds.
    this.timeout(120_000);
    project = mkdtempSync(join(tmpdir(), "semisync-newcomer-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "first-steps", private: true }, null, 2));
    // The repository is the extension's folder: its package.json, LICENSE and dist/, as the .vsix holds them.
    const tarball = await writeRuntimeTarball(root, project);
    const [program, ...args] = addCommand(detectPackageManager(project, project).name, tarball);
    const { status, stderr } = spawnSync(program, args, { cwd: project, encoding: "utf8", timeout: 110_000 });
    assert.equal(status, 0, stderr);
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  it("is a dev dependency on the tarball inside the project, so the project works on another machine", () => {
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    assert.deepEqual(manifest.devDependencies, { semisync: "file:.semisync/semisync-0.1.0.tgz" });
    const installed = JSON.parse(readFileSync(join(project, "node_modules", "semisync", "package.json"), "utf8"));
    assert.deepEqual(Object.keys(installed.exports), [".", "./package.json"]);
    assert.equal(installed.contributes, undefined, "the extension's manifest stays out of the package");
  });

  it("gives TypeScript the types: the example it opens type-checks in the project", () => {
    createExample(exampleTemplate(root), project);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", strict: true, noEmit: true } }),
    );
    const tsc = require.resolve("typescript/bin/tsc");
    const { status, stdout } = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8", timeout: 60_000 });
    assert.equal(status, 0, stdout);
  });

  it("runs a plain Node program on its own: the runtime's bundles are all there", () => {
    cpSync(join(fixtures, "plain", "program.mjs"), join(project, "program.mjs"));
    const { status, stdout, stderr } = spawnSync(process.execPath, ["program.mjs"], {
      cwd: project,
      encoding: "utf8",
      timeout: 45_000,
    });
    assert.equal(status, 0, stderr);
    assert.match(stdout, /sum 8/);
  });

  it("the example runs as it is", async () => {
    createExample(exampleTemplate(root), project);
    const { code, stdout } = await runCli(["run", "semisync-example.ts"], { cwd: project });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /served: golden toast with scrambled eggs/);
    assert.match(stdout, /breakfast is served/);
  });
});
