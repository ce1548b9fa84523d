/**
 * Splitting over-limit requests and putting per-item results back in request order (the DataLoader contract:
 * as many results as items, in the same order).
 */

/**
 * Chunks of at most `count` items whose JSON takes at most `bytes` in all: a batch of the service's item count can
 * still be over its body limit when the items are long. An item over `bytes` on its own goes alone (the service then
 * judges it).
 */
export function chunkWithin<T>(items: readonly T[], count: number, bytes: number, json: (item: T) => unknown): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    // Each item also costs the comma that separates it from the next.
    const itemBytes = Buffer.byteLength(JSON.stringify(json(item)), "utf8") + 1;
    if (current.length > 0 && (current.length === count || size + itemBytes > bytes)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += itemBytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Match results to the items that asked for them, by key (`To_Account`, `UserID`), not by position: the service does
 * not promise to answer in request order. Repeated keys take results in order. Returns, per item, its result or
 * undefined when the answer lacks one.
 */
export function matchResults<R>(
  itemKeys: readonly string[],
  results: readonly R[],
  keyOfResult: (r: R) => string,
): (R | undefined)[] {
  const byKey = new Map<string, R[]>();
  for (const r of results) {
    const key = keyOfResult(r);
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  return itemKeys.map((key) => {
    const list = byKey.get(key);
    if (!list || list.length === 0) return undefined;
    // The last result for a key stays available to later duplicates (the service may answer a repeated key once).
    return list.length > 1 ? list.shift() : list[0];
  });
}
