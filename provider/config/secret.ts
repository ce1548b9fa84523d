import { inspect } from "node:util";

/**
 * A secret string that prints as `[REDACTED]` through `String()`, template literals, `JSON.stringify` and
 * `util.inspect`. The value lives only in a closure, so no enumerable or own property holds it: it cannot leak through
 * object spreading or structured logging either. Read it with `reveal()` at the one place that needs it.
 */
export interface Secret {
  reveal(): string;
  toString(): string;
  toJSON(): string;
}

const PRINTED = "[REDACTED]";

export function secret(value: string): Secret {
  const holder = {} as Secret;
  Object.defineProperties(holder, {
    reveal: { value: () => value, enumerable: false },
    toString: { value: () => PRINTED, enumerable: false },
    toJSON: { value: () => PRINTED, enumerable: false },
    [inspect.custom]: { value: () => PRINTED, enumerable: false },
  });
  return Object.freeze(holder);
}
