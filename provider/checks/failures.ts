import { didYouMean } from "./closest-name";
import { propertyPath } from "./property-path";
import { touchesUnknown, unknownPaths } from "./unknown-values";

/** A validation failure as the dynamic-provider host reports it: the property and the rule broken. */
export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckOutcome {
  /** The inputs to record (in normal form where the provider normalizes). */
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

/** Schema issues as CheckFailures, leaving out the ones about values not known yet (preview). */
export function failuresFromIssues(issues: readonly Issue[], inputs: unknown): CheckFailure[] {
  const unknowns = unknownPaths(inputs);
  return issues
    .map((issue) => ({ property: propertyPath(issue.path), reason: issue.message }))
    .filter((failure) => !touchesUnknown(failure.property, unknowns));
}

/**
 * A failure for every own key of `value` that is not a known property, naming the closest known one: a typo such as
 * `remakr` would otherwise be recorded in state and silently do nothing.
 */
export function unknownPropertyFailures(
  value: Record<string, unknown>,
  known: readonly string[],
  path: readonly PropertyKey[] = [],
): CheckFailure[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({
      property: propertyPath([...path, key]),
      reason: `unknown property${didYouMean(key, known)}; known properties: ${known.join(", ")}`,
    }));
}
