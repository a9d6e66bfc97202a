import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addCommand, detectPackageManager, onPath, projectRootOf, shellLine } from "../../src/extension/packageManager";

describe("extension: adding the runtime package to a project", () => {
  let top: string;
  const write = (path: string, text = "{}") => {
    mkdirSync(join(top, path, ".."), { recursive: true });
    writeFileSync(join(top, path), text);
  };

  beforeEach(() => (top = mkdtempSync(join(tmpdir(), "semisync-pm-"))));
  afterEach(() => rmSync(top, { recursive: true, force: true }));

  it("finds the project as the nearest folder with a package.json, never above the workspace folder", () => {
    write("package.json");
    write("packages/app/package.json");
    mkdirSync(join(top, "packages", "app", "src"), { recursive: true });
    assert.equal(projectRootOf(join(top, "packages", "app", "src"), top), join(top, "packages", "app"));
    assert.equal(projectRootOf(join(top, "packages"), top), top);
    rmSync(join(top, "package.json"));
    assert.equal(projectRootOf(join(top, "packages"), top), undefined);
    assert.equal(
      projectRootOf(join(top, "packages"), join(top, "packages")),
      undefined,
      "the workspace folder is the top",
    );
  });

  it("believes package.json's packageManager first, then a lockfile up to the workspace folder, else npm", () => {
    write("packages/app/package.json");
    const app = join(top, "packages", "app");
    assert.deepEqual(detectPackageManager(app, top), { name: "npm", because: "no lockfile, so npm, Node's own" });
    write("pnpm-lock.yaml", "");
    assert.deepEqual(detectPackageManager(app, top), { name: "pnpm", because: join("..", "..", "pnpm-lock.yaml") });
    write("packages/app/yarn.lock", "");
    assert.deepEqual(detectPackageManager(app, top), { name: "yarn", because: "yarn.lock" });
    write("packages/app/package.json", JSON.stringify({ packageManager: "bun@1.2.0" }));
    assert.deepEqual(detectPackageManager(app, top), { name: "bun", because: '"packageManager" in package.json' });
    write("packages/app/package.json", "{ not json");
    assert.equal(detectPackageManager(app, top).name, "yarn", "a broken package.json leaves the lockfiles to say");
    assert.equal(detectPackageManager(app, app).name, "yarn", "no lockfile above the workspace folder is read");
    rmSync(join(app, "yarn.lock"));
    assert.equal(detectPackageManager(app, app).name, "npm");
  });

  it("adds the tarball as a dev dependency with each manager's own words, from the project's root", () => {
    const tarball = join(".semisync", "semisync-0.1.0.tgz");
    assert.equal(
      shellLine(addCommand("npm", tarball)),
      "npm install --save-dev --no-audit --no-fund ./.semisync/semisync-0.1.0.tgz",
    );
    assert.equal(shellLine(addCommand("pnpm", tarball)), "pnpm add --save-dev ./.semisync/semisync-0.1.0.tgz");
    assert.equal(shellLine(addCommand("yarn", tarball)), "yarn add --dev semisync@file:./.semisync/semisync-0.1.0.tgz");
    assert.equal(shellLine(addCommand("bun", tarball)), "bun add --dev ./.semisync/semisync-0.1.0.tgz");
    assert.equal(shellLine(["npm", "install", "./my dir/it's.tgz"]), `npm install './my dir/it'\\''s.tgz'`);
  });

  it("knows whether a manager is on PATH", () => {
    write("bin/pnpm", "");
    assert.equal(onPath("pnpm", [join(top, "nowhere"), join(top, "bin")].join(":")), true);
    assert.equal(onPath("bun", join(top, "bin")), false);
  });
});
