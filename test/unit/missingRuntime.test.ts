import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createExample, exampleTemplate } from "../../src/extension/exampleFile";
import { isMissingSemisync } from "../../src/extension/missingRuntime";
import { root } from "../helpers/paths";

describe("extension: a newcomer's first steps", () => {
  it("knows TypeScript's 'Cannot find module' for the semisync package, and only for it", () => {
    const message = "Cannot find module 'semisync' or its corresponding type declarations.";
    assert.equal(isMissingSemisync({ code: 2307, message }), true);
    assert.equal(isMissingSemisync({ code: { value: 2307 }, message }), true);
    assert.equal(
      isMissingSemisync({
        code: 2792,
        message: "Cannot find module 'semisync'. Did you mean to set the 'moduleResolution' option to 'nodenext'?",
      }),
      true,
    );
    assert.equal(
      isMissingSemisync({
        code: 2307,
        message: "Cannot find module './semisync' or its corresponding type declarations.",
      }),
      false,
    );
    assert.equal(
      isMissingSemisync({
        code: 2307,
        message: "Cannot find module 'semisync-extra' or its corresponding type declarations.",
      }),
      false,
    );
    assert.equal(isMissingSemisync({ code: 2304, message: "Cannot find name 'semisync'." }), false);
  });

  it("copies the example it carries into a folder, and never over a file already there", () => {
    const folder = mkdtempSync(join(tmpdir(), "semisync-example-"));
    try {
      const template = exampleTemplate(root);
      const first = createExample(template, folder);
      assert.deepEqual(first, { file: join(folder, "semisync-example.ts"), created: true });
      assert.equal(readFileSync(first.file, "utf8"), readFileSync(template, "utf8"));
      writeFileSync(first.file, "// mine");
      assert.deepEqual(createExample(template, folder), { file: first.file, created: false });
      assert.equal(readFileSync(first.file, "utf8"), "// mine");
      assert.throws(() => createExample(template, join(folder, "gone")), /could not write its example .*gone/);
      assert.equal(existsSync(join(folder, "gone")), false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
