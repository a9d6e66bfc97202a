/** "Did you mean" for a name that matches no task: the closest candidate within a small edit distance. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = suggestionLimit(name);
  for (const candidate of candidates) {
    const distance = distanceWithin(name, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Candidates this many edits away or more are too far to suggest. */
export function suggestionLimit(name: string): number {
  return Math.max(2, Math.floor(name.length / 3)) + 1;
}

/** Two rows of the distance table, reused: a search compares one name with thousands of ids. */
let previous = new Int32Array(64);
let current = new Int32Array(64);

/**
 * Case-insensitive edit distance, or `limit` as soon as it is clear the distance is at least
 * that: most candidates are rejected by their length alone, which keeps a search among
 * thousands of task ids cheap.
 */
export function distanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (previous.length <= y.length) {
    previous = new Int32Array(y.length + 1);
    current = new Int32Array(y.length + 1);
  }
  for (let j = 0; j <= y.length; j++) previous[j] = j;
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const value = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (x.charCodeAt(i - 1) === y.charCodeAt(j - 1) ? 0 : 1),
      );
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= limit) return limit;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[y.length], limit);
}
