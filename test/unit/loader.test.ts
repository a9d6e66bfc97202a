import { strict as assert } from "node:assert";
import { join } from "node:path";
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
});
