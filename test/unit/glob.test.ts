import assert from "node:assert/strict";
import { globMatcher } from "../../src/scanner/glob";

describe("globMatcher (VS Code's glob syntax)", () => {
  const cases: Array<[glob: string, matches: string[], misses: string[]]> = [
    ["**/*.{ts,tsx,mts,cts}", ["a.ts", "src/a.tsx", "a/b/c.mts", "x.cts"], ["a.js", "a.ts.map", "src/a.d", "ats"]],
    ["**/{node_modules,dist}/**", ["node_modules/x/a.ts", "a/dist/b.ts", "dist/a"], ["distx/a.ts", "src/a.ts"]],
    ["**/node_modules/**", ["node_modules/a.ts", "a/node_modules/b/c.ts"], ["node_modulesx/a.ts"]],
    ["src/*.ts", ["src/a.ts"], ["src/a/b.ts", "a.ts", "lib/src/a.ts"]],
    ["src/**/*.ts", ["src/a.ts", "src/a/b/c.ts"], ["a.ts", "srcx/a.ts"]],
    ["a?.ts", ["ab.ts"], ["a.ts", "abc.ts", "a/.ts"]],
    ["[ab]*.ts", ["a.ts", "bx.ts"], ["c.ts"]],
    ["[!ab]*.ts", ["c.ts"], ["a.ts", "b.ts"]],
    ["{src,lib/{x,y}}/*.ts", ["src/a.ts", "lib/x/a.ts", "lib/y/a.ts"], ["lib/z/a.ts", "lib/a.ts"]],
    ["a.b+c(d).ts", ["a.b+c(d).ts"], ["aXb+c(d).ts"]],
    ["**", ["a", "a/b/c.ts"], []],
  ];
  for (const [glob, matches, misses] of cases) {
    it(`${glob} takes in ${matches.join(", ")}${misses.length ? ` and leaves out ${misses.join(", ")}` : ""}`, () => {
      const matcher = globMatcher(glob);
      for (const path of matches) assert.equal(matcher(path), true, `${glob} should match ${path}`);
      for (const path of misses) assert.equal(matcher(path), false, `${glob} should not match ${path}`);
    });
  }
});
