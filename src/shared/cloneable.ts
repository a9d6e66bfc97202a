import { serialize } from "node:v8";

/**
 * Values cross processes as structured-clone data. When one cannot, say where inside it the
 * offending part sits (`result[1].handler`), not just that something failed. A class instance
 * counts as one that cannot: the clone would arrive as a plain object without its class or its
 * methods, and fail far from the cause (`p.norm is not a function`), so it is refused where it
 * is sent instead.
 */
export function uncloneablePath(value: unknown, path: string): string | undefined {
  return unserializablePath(value, path) ?? classInstancePath(value, path);
}

function unserializablePath(value: unknown, path: string): string | undefined {
  if (canSerialize(value)) return undefined;
  if (typeof value === "object" && value !== null) {
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, i) => [`${path}[${i}]`, item])
      : Object.entries(value).map(([key, item]) => [propertyPath(path, key), item]);
    for (const [childPath, item] of entries) {
      const inner = unserializablePath(item, childPath);
      if (inner) return inner;
    }
  }
  return `${path} (${describe(value)})`;
}

/** Built-in objects a structured clone rebuilds as what they were, and that hold no values of the user's to look into. */
const WHOLE_PROTOTYPES = new Set<object>([
  Date.prototype,
  RegExp.prototype,
  ArrayBuffer.prototype,
  SharedArrayBuffer.prototype,
  Number.prototype,
  String.prototype,
  Boolean.prototype,
  BigInt.prototype,
  // Subclasses of Error arrive as the base Error, so only these count.
  Error.prototype,
  EvalError.prototype,
  RangeError.prototype,
  ReferenceError.prototype,
  SyntaxError.prototype,
  TypeError.prototype,
  URIError.prototype,
]);

/**
 * The first class instance inside a value that serialises: an object whose prototype is neither
 * Object's nor null, nor a built-in the clone keeps (arrays, Map, Set, Date, RegExp, typed
 * arrays and Buffers, boxed primitives, the built-in errors). Subclasses of those count as
 * classes too: `class Cache extends Map` would arrive as a Map.
 */
export function classInstancePath(value: unknown, path: string, seen = new Set<object>()): string | undefined {
  if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return undefined;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== null && WHOLE_PROTOTYPES.has(prototype)) return undefined;
  let children: Iterable<[string, unknown]>;
  if (prototype === null || prototype === Object.prototype) {
    children = Object.entries(value).map(([key, item]) => [propertyPath(path, key), item]);
  } else if (prototype === Array.prototype) {
    children = (value as unknown[]).map((item, i) => [`${path}[${i}]`, item]);
  } else if (prototype === Map.prototype) {
    children = [...(value as Map<unknown, unknown>)].flatMap(([key, item]): Array<[string, unknown]> => [
      [`${path} (a key)`, key],
      [`${path}.get(${keyText(key)})`, item],
    ]);
  } else if (prototype === Set.prototype) {
    children = [...(value as Set<unknown>)].map((item): [string, unknown] => [`${path} (a member)`, item]);
  } else {
    return `${path} (${CLASS_INSTANCE}${className(value)})`;
  }
  for (const [childPath, item] of children) {
    const inner = classInstancePath(item, childPath, seen);
    if (inner) return inner;
  }
  return undefined;
}

const CLASS_INSTANCE = "an instance of class ";

function className(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name ? name : "(anonymous)";
}

function propertyPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function keyText(key: unknown): string {
  return typeof key === "string" ? JSON.stringify(key) : typeof key === "object" && key !== null ? "…" : String(key);
}

function canSerialize(value: unknown): boolean {
  try {
    serialize(value);
    return true;
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "object" && value !== null) return `a ${value.constructor?.name ?? "null-prototype object"}`;
  return typeof value;
}

const PLAIN_DATA = "numbers, strings, booleans, arrays, plain objects, Map, Set, Date, typed arrays";

/** `what` cannot travel; `path` is what `uncloneablePath` or `classInstancePath` found. */
export function cloneMessage(what: string, path: string): string {
  const at = path.indexOf(`(${CLASS_INSTANCE}`);
  if (at >= 0) {
    const name = path.slice(at + CLASS_INSTANCE.length + 1, -1);
    return `${what} cannot travel between processes: ${path.slice(0, at).trimEnd()} is an instance of class ${name}, which would arrive as a plain object without its methods; send plain data instead (${PLAIN_DATA}), such as its fields, and make the ${name} again where it is used`;
  }
  return `${what} cannot travel between processes: ${path} is not structured-clone data (use ${PLAIN_DATA})`;
}
