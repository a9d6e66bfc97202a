/** Adds `value` to the list kept under `key`, in place: copying the list on each add is quadratic in a key of thousands. */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
