import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { codeOfRun } from "../../src/cli/programFiles";

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
      codeOfRun(main)
        .map((file) => relative(dir, file))
        .sort(),
      ["base.json", "src/main.ts", "src/part.ts", "tsconfig.json"],
    );
  });
});
