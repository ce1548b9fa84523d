/**
 * Keeping secrets out of anything printable.
 *
 * The UserSig travels in the URL query string (spec §1.1) and the secret key signs it (spec §2), so every URL or
 * message that could reach an error, a log or Pulumi state passes through here first.
 */

export const REDACTED = "REDACTED";

/** `usersig=<anything up to & or #>` becomes `usersig=REDACTED`, in a URL or in free text, whatever the case. */
export function redactUrl(url: string): string {
  return url.replace(/(usersig=)[^&#\s"']*/gi, `$1${REDACTED}`);
}

/**
 * Redact UserSig query values and every occurrence of the given secrets (the key and the UserSigs in use) from a
 * message. Secrets shorter than 4 characters are ignored: replacing them would mangle ordinary text and they cannot
 * be told apart from it anyway.
 */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * Node's `util.inspect` hook, reached without importing `util` (it is a registered symbol). A function rather than a
 * module-scope constant, so nothing but plain code is captured when the provider is serialized.
 */
export function inspectSymbol(): symbol {
  return Symbol.for("nodejs.util.inspect.custom");
}

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

export function secret(value: string): Secret {
  const printed = `[${REDACTED}]`;
  const holder = {} as Secret;
  Object.defineProperties(holder, {
    reveal: { value: () => value, enumerable: false },
    toString: { value: () => printed, enumerable: false },
    toJSON: { value: () => printed, enumerable: false },
    [inspectSymbol()]: { value: () => printed, enumerable: false },
  });
  return Object.freeze(holder);
}
