import { serialize } from "node:v8";

/**
 * Values cross processes as structured-clone data. When one cannot, say where inside it the
 * offending part sits (`result[1].handler`), not just that something failed.
 */
export function uncloneablePath(value: unknown, path: string): string | undefined {
  if (canSerialize(value)) return undefined;
  if (typeof value === "object" && value !== null) {
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, i) => [`${path}[${i}]`, item])
      : Object.entries(value).map(([key, item]) => [
          /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`,
          item,
        ]);
    for (const [childPath, item] of entries) {
      const inner = uncloneablePath(item, childPath);
      if (inner) return inner;
    }
  }
  return `${path} (${describe(value)})`;
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

export function cloneMessage(what: string, path: string): string {
  return `${what} cannot travel between processes: ${path} is not structured-clone data (use numbers, strings, booleans, arrays, plain objects, Map, Set, Date, typed arrays)`;
}
