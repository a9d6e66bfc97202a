import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeRuntimeTarball } from "../../src/extension/runtimePackage";

describe("extension: the runtime package it carries, as a tarball", () => {
  let scratch: string;
  beforeEach(() => (scratch = mkdtempSync(join(tmpdir(), "semisync-tarball-"))));
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  /** An installed extension's folder, as a .vsix unpacks: LICENSE renamed LICENSE.txt by vsce. */
  function installedExtension(): string {
    const dir = join(scratch, "extension");
    mkdirSync(join(dir, "dist", "types", "runtime"), { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        name: "semisync",
        version: "9.8.7",
        license: "MIT",
        engines: { node: ">=20.19", vscode: "^1.100.0" },
        types: "./dist/types/runtime/index.d.ts",
        exports: { ".": { types: "./dist/types/runtime/index.d.ts", default: "./dist/runtime.js" } },
        contributes: { commands: [] },
        scripts: { build: "node esbuild.js" },
      }),
    );
    writeFileSync(join(dir, "LICENSE.txt"), "MIT License\n");
    for (const bundle of ["runtime", "worker", "coordinator", "transpiler", "loader-hooks", "extension", "scanner"])
      writeFileSync(join(dir, "dist", `${bundle}.js`), `// ${bundle}\n`);
    writeFileSync(join(dir, "dist", "types", "runtime", "index.d.ts"), "export {};\n");
    return dir;
  }

  it("holds the runtime's bundles and types under a manifest without the extension's parts, and tar reads it", async () => {
    const project = join(scratch, "project");
    mkdirSync(project);
    const tarball = await writeRuntimeTarball(installedExtension(), project);
    assert.equal(tarball, join(".semisync", "semisync-9.8.7.tgz"));
    const listed = spawnSync("tar", ["-tzf", join(project, tarball)], { encoding: "utf8" });
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split("\n"), [
      "package/package.json",
      "package/LICENSE",
      "package/dist/runtime.js",
      "package/dist/worker.js",
      "package/dist/coordinator.js",
      "package/dist/transpiler.js",
      "package/dist/loader-hooks.js",
      "package/dist/types/runtime/index.d.ts",
    ]);
    const unpacked = join(scratch, "unpacked");
    mkdirSync(unpacked);
    assert.equal(spawnSync("tar", ["-xzf", join(project, tarball), "-C", unpacked]).status, 0);
    assert.deepEqual(JSON.parse(readFileSync(join(unpacked, "package", "package.json"), "utf8")), {
      name: "semisync",
      version: "9.8.7",
      license: "MIT",
      engines: { node: ">=20.19" },
      main: "./dist/runtime.js",
      types: "./dist/types/runtime/index.d.ts",
      exports: { ".": { types: "./dist/types/runtime/index.d.ts", default: "./dist/runtime.js" } },
    });
    assert.equal(readFileSync(join(unpacked, "package", "dist", "worker.js"), "utf8"), "// worker\n");
  });

  it("makes the same bytes from the same files, so a lockfile's integrity holds", async () => {
    const extension = installedExtension();
    const [first, second] = [join(scratch, "a"), join(scratch, "b")];
    const path = await writeRuntimeTarball(extension, first);
    await writeRuntimeTarball(extension, second);
    assert.deepEqual(readFileSync(join(first, path)), readFileSync(join(second, path)));
  });
});
