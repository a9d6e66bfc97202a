import { strict as assert } from "node:assert";
import { encodeFrame, FrameReader } from "../../src/engine/messageFrames";

describe("engine: messages framed over a byte stream", () => {
  const messages = [
    { type: "events", events: [{ type: "output", text: "Revenue: $600\n" }] },
    { when: new Date(0), seen: new Set(["a"]), by: new Map([["k", 1]]), bytes: new Uint8Array([1, 2, 3]) },
    { type: "exit", code: 1 },
  ];

  it("gives back every message as it was sent (Maps, Sets, Dates, typed arrays too), however the stream cuts the bytes", () => {
    const stream = Buffer.concat(messages.map(encodeFrame));
    for (const size of [1, 3, 7, 64, stream.length]) {
      const reader = new FrameReader();
      const received: unknown[] = [];
      for (let at = 0; at < stream.length; at += size) received.push(...reader.push(stream.subarray(at, at + size)));
      assert.deepEqual(received, messages, `in pieces of ${size} bytes`);
    }
  });

  it("waits for the rest of a message cut short", () => {
    const frame = encodeFrame({ text: "x".repeat(100_000) });
    const reader = new FrameReader();
    assert.deepEqual(reader.push(frame.subarray(0, 2)), []);
    assert.deepEqual(reader.push(frame.subarray(2, 50_000)), []);
    assert.deepEqual(reader.push(frame.subarray(50_000)), [{ text: "x".repeat(100_000) }]);
  });

  it("refuses a message longer than allowed as soon as its length is read, before buffering it", () => {
    const reader = new FrameReader(4096);
    const frame = encodeFrame({ text: "x".repeat(10_000) });
    assert.throws(() => reader.push(frame.subarray(0, 8)), /10\d{3} bytes is longer than the 4096 allowed/);
    assert.deepEqual(new FrameReader(4096).push(encodeFrame({ type: "hello" })), [{ type: "hello" }]);
  });

  it("throws on bytes that are no message, for the socket to close", () => {
    const garbage = Buffer.from([0, 0, 0, 3, 0xff, 0xff, 0xff]);
    assert.throws(() => new FrameReader().push(garbage));
  });
});
