import { strict as assert } from "node:assert";
import { cloneMessage, uncloneablePath } from "../../src/shared/cloneable";

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  norm() {
    return Math.hypot(this.x, this.y);
  }
}
class Cache extends Map<string, number> {}
class ValidationError extends Error {}

describe("cloneable values: what travels between processes whole, and what is refused", () => {
  it("lets through the data a structured clone rebuilds as it was", () => {
    const circular: Record<string, unknown> = { name: "loop" };
    circular.self = circular;
    const plain = [
      1,
      "text",
      10n,
      null,
      undefined,
      [1, [2, { a: 3 }]],
      { nested: { deeper: [new Date(0)] } },
      Object.assign(Object.create(null) as object, { bare: true }),
      new Map<unknown, unknown>([["k", { v: 1 }]]),
      new Set([1, "two", { three: 3 }]),
      new Date(),
      /x/g,
      new Uint8Array(4),
      new Float64Array(2),
      Buffer.from("bytes"),
      new ArrayBuffer(8),
      new DataView(new ArrayBuffer(2)),
      new Error("plain"),
      new TypeError("built-in"),
      new Number(3),
      new String("boxed"),
      circular,
    ];
    for (const [i, value] of plain.entries()) assert.equal(uncloneablePath(value, "result"), undefined, `value #${i}`);
  });

  it("refuses a class instance, wherever it sits, naming the class and where it is", () => {
    const at = (value: unknown) => uncloneablePath(value, "result");
    assert.equal(at(new Point(3, 4)), "result (an instance of class Point)");
    assert.equal(at([1, { p: new Point(0, 0) }]), "result[1].p (an instance of class Point)");
    assert.equal(at(new Map([["origin", new Point(0, 0)]])), 'result.get("origin") (an instance of class Point)');
    assert.equal(at(new Set([new Point(0, 0)])), "result (a member) (an instance of class Point)");
    assert.equal(
      at({ cache: new Cache() }),
      "result.cache (an instance of class Cache)",
      "a Map subclass arrives as a Map",
    );
    assert.equal(at(new ValidationError("no")), "result (an instance of class ValidationError)");
  });

  it("says what the class instance would lose and what to send instead", () => {
    const message = cloneMessage(
      "Geo.point: the value it returned",
      uncloneablePath({ p: new Point(3, 4) }, "result")!,
    );
    assert.equal(
      message,
      "Geo.point: the value it returned cannot travel between processes: result.p is an instance of class Point, which would arrive as a plain object without its methods; send plain data instead (numbers, strings, booleans, arrays, plain objects, Map, Set, Date, typed arrays), such as its fields, and make the Point again where it is used",
    );
  });

  it("still names a function or symbol first, as before", () => {
    assert.equal(uncloneablePath({ p: new Point(1, 1), f: () => 1 }, "result"), "result.f (function f)");
  });
});
