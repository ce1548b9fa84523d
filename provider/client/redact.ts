/**
 * Keeping secrets out of anything printable. The UserSig travels in the URL query string
 * (docs/usersig.md#where-the-usersig-travels) and the secret key signs it, so every URL or message that could reach an
 * error, a log or Pulumi state passes through here first.
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
