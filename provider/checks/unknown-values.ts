import { propertyPath } from "./property-path";

/**
 * The placeholder the engine sends for a value not known during preview (docs/pulumi-host.md#check-and-diff).
 * Copied rather than imported, so code running in the provider host never loads the Pulumi SDK for it.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** Whether the value is the placeholder or holds one anywhere inside. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * The property paths of every placeholder in `value`. Validation keeps placeholders in place (so indices keep their
 * meaning) and drops a failure about one: its rule cannot be judged until the value is known.
 */
export function unknownPaths(value: unknown, path: PropertyKey[] = [], out: string[] = []): string[] {
  if (isUnknown(value)) out.push(propertyPath(path));
  else if (Array.isArray(value)) value.forEach((item, i) => unknownPaths(item, [...path, i], out));
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) unknownPaths(item, [...path, key], out);
  }
  return out;
}

/** Whether `property` is, or lies inside, one of the unknown paths. */
export function touchesUnknown(property: string, unknowns: readonly string[]): boolean {
  return unknowns.some((u) => property === u || property.startsWith(`${u}.`) || property.startsWith(`${u}[`));
}
