/**
 * Whether a value is a primitive that a structured clone carries as it is. Most tasks take and
 * return such values: they need no check that walks them, which costs a serialisation each.
 */
export function clonesAsIs(value: unknown): boolean {
  return value === null || (typeof value !== "object" && typeof value !== "function" && typeof value !== "symbol");
}
