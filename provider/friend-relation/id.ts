import { Limits } from "../commands";
import { isLegalUserId } from "../friends/field-rules";

/**
 * The resource id of a FriendRelation: `<fromAccount>/<toAccount>`, each part percent-encoded so that the id
 * round-trips for every legal UserID (docs/data-model.md#userids), including ones holding `/` or `%`. Ordinary
 * UserIDs (letters, digits, `_`, `-`) stay readable: `alice/bob`.
 */
export interface RelationKey {
  fromAccount: string;
  toAccount: string;
}

export function encodeRelationId(key: RelationKey): string {
  return `${encodeURIComponent(key.fromAccount)}/${encodeURIComponent(key.toAccount)}`;
}

/** Throws a TypeError whose message says what an id must look like and what was given. */
export function decodeRelationId(id: string): RelationKey {
  const parts = id.split("/");
  const fail = (why: string): never => {
    throw new TypeError(
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
    if (!isLegalUserId(value)) {
      fail(`${name} ${JSON.stringify(value)} is not a UserID (printable ASCII, 1–${Limits.userIdMaxBytes} bytes)`);
    }
  }
  return { fromAccount, toAccount };
}
