import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transpileAhead } from "../../src/engine/loader/load";
import { resolveTypeScript } from "../../src/project/resolve";
import { formatOf } from "../../src/engine/loader/transpile";
import { parseJsonc, projectOptionsFor } from "../../src/project/tsconfig";
import { fixtures } from "../helpers/paths";

const engine = join(fixtures, "engine");

describe("loader: TypeScript without the user's toolchain", () => {
  it("tells ESM from CommonJS-style files", () => {
    assert.equal(formatOf("a.ts", `import { x } from "y";\n`), "module");
    assert.equal(formatOf("a.ts", `const x = 1;\nawait run();\n`), "module");
    assert.equal(formatOf("a.ts", `const { x } = require("y");\nmodule.exports = x;\n`), "commonjs");
    assert.equal(formatOf("a.ts", `import fs = require("fs");\nexport = fs;\n`), "commonjs");
    assert.equal(formatOf("a.ts", `// import { x } from "y";\nrequire("z");\n`), "commonjs");
    assert.equal(formatOf("a.mts", ``), "module");
    assert.equal(formatOf("a.cts", `export const x = 1;`), "commonjs");
  });

  it("resolves extensionless and .js-suffixed imports to .ts files", () => {
    const parent = join(engine, "imports.ts");
    assert.equal(resolveTypeScript("./lib/label", parent), join(engine, "lib", "label.ts"));
    assert.equal(resolveTypeScript("./lib/label.js", parent), join(engine, "lib", "label.ts"));
    assert.equal(resolveTypeScript("./lib/nothing", parent), undefined);
  });

  it("resolves tsconfig paths", () => {
    assert.equal(resolveTypeScript("@lib/prices.js", join(engine, "imports.ts")), join(engine, "lib", "prices.ts"));
    assert.equal(resolveTypeScript("lodash", join(engine, "imports.ts")), undefined);
  });

  it("reads tsconfig with comments and trailing commas, following extends", () => {
    assert.deepEqual(parseJsonc(`{ // note\n "a": "http://x", /* b */ "c": [1,2,], }`), { a: "http://x", c: [1, 2] });
    assert.equal(projectOptionsFor(join(fixtures, "legacy", "ledger.ts")).experimentalDecorators, true);
    assert.equal(projectOptionsFor(join(engine, "imports.ts")).experimentalDecorators, undefined);
  });

  it("transpiles a program's files ahead of its workers, and leaves a file that does not transpile to its load", () => {
    const dir = mkdtempSync(join(tmpdir(), "semisync-ahead-"));
    const previous = process.env.SEMISYNC_CACHE_DIR;
    process.env.SEMISYNC_CACHE_DIR = join(dir, "cache");
    try {
      writeFileSync(
        join(dir, "main.ts"),
        `import { rate } from "./rate";\nimport "./broken";\nexport const x: number = rate;\n`,
      );
      writeFileSync(join(dir, "rate.ts"), `export const rate: number = 7;\n`);
      writeFileSync(join(dir, "broken.ts"), `export const = ;\n`);
      assert.doesNotThrow(() => transpileAhead(join(dir, "main.ts")));
      assert.equal(readdirSync(join(dir, "cache")).filter((name) => name.endsWith(".js")).length, 2);
    } finally {
      if (previous === undefined) delete process.env.SEMISYNC_CACHE_DIR;
      else process.env.SEMISYNC_CACHE_DIR = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
