import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { codeOfRun, programFiles } from "../../src/scanner/programFiles";

describe("the code of a run, as a worker through Redis must have it", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "semisync-code-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it("holds the program's files and the tsconfig.json chain they transpile under, not a package's config", () => {
    write("node_modules/@tsconfig/node20/tsconfig.json", "{}");
    write("base.json", '{ "extends": "@tsconfig/node20/tsconfig.json", "compilerOptions": { "strict": true } }');
    write("tsconfig.json", '{ "extends": "./base.json" }');
    write("src/part.ts", "export const part = 1;\n");
    const main = write("src/main.ts", 'import { part } from "./part";\nconsole.log(part);\n');
    assert.deepEqual(
      codeOfRun([main])
        .map((file) => relative(dir, file))
        .sort(),
      ["base.json", "src/main.ts", "src/part.ts", "tsconfig.json"],
    );
  });

  it("follows the files run and every file they import or load by a literal import(), transitively, once each, never a package's", () => {
    const shared = write("app/shared.ts", "export const n = 1;\n");
    write("app/node_modules/lib/index.ts", "export const m = 2;\n");
    const helper = write("app/helper.ts", 'import { n } from "./shared";\nexport const h = n;\n');
    const main = write("app/main.ts", 'import "./helper";\nimport "./shared";\nimport "./node_modules/lib/index";\n');
    const lazy = write("app/lazy.ts", "export const l = 3;\n");
    const other = write("app/other.ts", 'import "./shared";\nexport const later = () => import("./lazy");\n');
    assert.deepEqual(programFiles([main, other]), [main, other, helper, shared, lazy]);
  });

  it("reads the files as they are on disk, and follows an import out of the folder the file run is in", () => {
    const outside = write("lib/words.ts", "export const w = 1;\n");
    const main = write("app/main.ts", 'import { w } from "../lib/words";\nconsole.log(w);\n');
    assert.deepEqual(programFiles([main]), [main, outside]);
    const saved = write("app/saved.ts", "export const s = 2;\n");
    write("app/main.ts", 'import { s } from "./saved";\nconsole.log(s);\n');
    assert.deepEqual(programFiles([main]), [main, saved], "what a run loads now, not what it loaded before");
  });
});
