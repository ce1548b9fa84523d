/**
 * The known name closest to a mistyped one, for messages such as `unknown property "remakr" (did you mean
 * "remark"?)`. Case is ignored; a name further than a third of its length (at least 2 edits) away is no match.
 */
export function closestName(given: string, known: readonly string[]): string | undefined {
  const target = given.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(target, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(2, Math.floor(given.length / 3)) ? best.name : undefined;
}

/** " (did you mean "x"?)" or "". */
export function didYouMean(given: string, known: readonly string[]): string {
  const match = closestName(given, known);
  return match ? ` (did you mean ${JSON.stringify(match)}?)` : "";
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}
