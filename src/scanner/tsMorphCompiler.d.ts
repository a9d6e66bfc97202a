/**
 * The TypeScript compiler ts-morph ships (in @ts-morph/common), reached on its own: the scanner
 * needs only its parser, and ts-morph's entry would bring ts-morph, its library's .d.ts texts and
 * its globbing into every fresh scan's bundle too (14 MB instead of 10 MB). It has no declarations
 * of its own; it is TypeScript, at the version the project's `typescript` is pinned to beside it.
 */
declare module "@ts-morph/common/dist/typescript.js" {
  import ts = require("typescript");
  export = ts;
}
