import { Limits, utf8Bytes } from "./commands/limits";

/**
 * The resource id of a FriendRelation: `<fromAccount>/<toAccount>`, each part percent-encoded so that the id
 * round-trips for every legal UserID (printable ASCII, 1–32 bytes, spec §5.1), including ones holding `/` or `%`.
 * Ordinary UserIDs (letters, digits, `_`, `-`) stay readable: `alice/bob`.
 */
export interface RelationKey {
  fromAccount: string;
  toAccount: string;
}

/** Printable ASCII 0x20–0x7E, 1–32 bytes: what the service accepts as a UserID (spec §5.1). */
export function isLegalUserId(value: string): boolean {
  return /^[\x20-\x7e]+$/.test(value) && utf8Bytes(value) <= Limits.userIdMaxBytes;
}

export function encodeRelationId(key: RelationKey): string {
  return `${encodeURIComponent(key.fromAccount)}/${encodeURIComponent(key.toAccount)}`;
}

/** Throws an Error whose message says what an id must look like and what was given. */
export function decodeRelationId(id: string): RelationKey {
  const parts = id.split("/");
  const fail = (why: string): never => {
    throw new Error(
      `invalid FriendRelation id ${JSON.stringify(id)}: ${why}; expected "<fromAccount>/<toAccount>" with each part percent-encoded`,
    );
  };
  if (parts.length !== 2) fail(`found ${parts.length - 1} unescaped "/" separators, expected exactly 1`);
  const [fromAccount, toAccount] = parts.map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return fail(`part ${JSON.stringify(part)} is not valid percent-encoding`);
    }
  });
  for (const [name, value] of [
    ["fromAccount", fromAccount],
    ["toAccount", toAccount],
  ] as const) {
    if (!isLegalUserId(value))
      fail(`${name} ${JSON.stringify(value)} is not a UserID (printable ASCII, 1–${Limits.userIdMaxBytes} bytes)`);
  }
  return { fromAccount, toAccount };
}
