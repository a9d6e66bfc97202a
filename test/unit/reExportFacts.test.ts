import { strict as assert } from "node:assert";
import { readFileFacts } from "../../src/scanner/factReader";
import { reExportFacts } from "../../src/scanner/reExportFacts";

describe("scanner: a barrel's facts without the parser", () => {
  it("reads export-from lines, comments and blank lines exactly as the parser's reader does", () => {
    const barrels = [
      'export * from "./a";\nexport * from "./b";\n',
      "export * from './a'\nexport * from './b'",
      '\uFEFF// the ledger\r\nexport * from "./a";\r\n\r\nexport * as books from "../books"; // all of them\r\n',
      'export { Ledger, Books as Accounts } from "./ledger";\nexport { default as Report, x as default } from "@app/report";\n',
      'export {} from "./empty";\nexport { a, } from "./trailing";\nexport{a as b}from"./tight";\nexport*from"./star";\n',
      'export { as, as as as, class as klass } from "./words";\nexport * as default from "./all";\n',
      'export * from "http://example.com/x";\n   \t\n// export { no } from "./commented"\n',
    ];
    for (const text of barrels) {
      const fast = reExportFacts(text);
      assert.ok(fast, `read without the parser: ${JSON.stringify(text)}`);
      assert.deepEqual(fast, readFileFacts(text, "/project/index.ts"), JSON.stringify(text));
    }
  });

  it("leaves every other file to the parser, and any line it is not sure of", () => {
    const others = [
      'import { semisync } from "semisync";\nexport * from "./a";\n',
      'export * from "./a";\nexport class Ledger {}\n',
      'export * from "./a"; export * from "./b";\n',
      '/* a block comment */\nexport * from "./a";\n',
      'export * from "./a";\n/*\nexport class Hidden {}\n*/\n',
      'export type { Ledger } from "./ledger";\nexport { type Books } from "./books";\n',
      'export { type } from "./types";\n',
      'export type * from "./types";\n',
      'export * from "./a\\u0062";\n',
      "export * from `./a`;\n",
      'export { , a } from "./a";\n',
      'export { "quoted name" as q } from "./a";\n',
      'export * from "./data.json" with { type: "json" };\n',
      'export * from "./a";\n// a comment\u2028export class AfterALineSeparator {}\n',
      'export * from "./a";\rexport class AfterACarriageReturn {}\n',
      'export * from "./a\rb";\n',
      "export const answer = 42;\n",
    ];
    for (const text of others) assert.equal(reExportFacts(text), undefined, JSON.stringify(text));
  });
});
