import { strict as assert } from "node:assert";
import { captureOutput, completeUtf8Length, currentTask } from "../../src/engine/outputCapture";

/** Captures this process's stdout while `write` runs, then puts the real one back. */
function captured(write: () => void): string[] {
  const real = process.stdout.write;
  const realErr = process.stderr.write;
  const texts: string[] = [];
  try {
    captureOutput((text, stream) => (stream === "stdout" ? (texts.push(text), true) : false));
    write();
  } finally {
    process.stdout.write = real;
    process.stderr.write = realErr;
  }
  return texts;
}

describe("engine: output decoded per writer, characters split across writes kept whole", () => {
  it("a € written in two halves arrives as a €", () => {
    const euro = Buffer.from("a€b");
    const texts = captured(() => {
      process.stdout.write(euro.subarray(0, 2));
      process.stdout.write(euro.subarray(2));
    });
    assert.equal(texts.join(""), "a€b");
    assert.ok(!texts.join("").includes("\uFFFD"));
  });

  it("a file piped in 1,000-byte chunks reads back exactly", () => {
    const text = "Grüße, 世界, 🎉 €\n".repeat(500);
    const bytes = Buffer.from(text);
    const texts = captured(() => {
      for (let at = 0; at < bytes.length; at += 1000) process.stdout.write(bytes.subarray(at, at + 1000));
    });
    assert.equal(texts.join(""), text);
  });

  it("two tasks' half characters never join each other's", () => {
    const euro = Buffer.from("€");
    const texts = captured(() => {
      currentTask.run({ key: "A.one", callback: false }, () => process.stdout.write(euro.subarray(0, 1)));
      currentTask.run({ key: "B.two", callback: false }, () => process.stdout.write("b"));
      currentTask.run({ key: "A.one", callback: false }, () => process.stdout.write(euro.subarray(1)));
    });
    assert.deepEqual(texts, ["", "b", "€"]);
  });

  it("strings written with an encoding are decoded with it", () => {
    const texts = captured(() => process.stdout.write(Buffer.from("hé").toString("hex"), "hex"));
    assert.deepEqual(texts, ["hé"]);
  });

  it("finds where the last complete character ends", () => {
    const euro = [0xe2, 0x82, 0xac];
    assert.equal(completeUtf8Length(Uint8Array.from([0x61, ...euro])), 4);
    assert.equal(completeUtf8Length(Uint8Array.from([0x61, 0xe2, 0x82])), 1);
    assert.equal(completeUtf8Length(Uint8Array.from([0xf0, 0x9f, 0x8e])), 0);
    assert.equal(completeUtf8Length(Uint8Array.from([0x61, 0xff])), 2, "an invalid byte waits for nothing");
  });
});
