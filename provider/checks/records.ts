/**
 * Reading and building string-keyed records where any key is just a key. A friend may be called `constructor` and a
 * custom field `valueOf`: `record[key]` would find Object.prototype's members, and `record[key] = v` with `__proto__`
 * would replace the prototype instead of adding an entry.
 */

/** The record's own value for `key`, never an inherited one. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A record from entries (own data properties, as JSON.parse makes them). */
export function recordOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries(entries) as Record<string, T>;
}

/** Entries sorted by key, so requests, state and messages never depend on insertion order. */
export function sortedEntries<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
