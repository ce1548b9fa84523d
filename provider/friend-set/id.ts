import { Limits } from "../commands";
import { isLegalUserId } from "../friends/field-rules";

/**
 * The id of a FriendSet: its `fromAccount`, percent-encoded (`encodeURIComponent`) like each part of a
 * FriendRelation id, so every legal UserID round-trips and ordinary ones stay readable.
 */
export function encodeFriendSetId(fromAccount: string): string {
  return encodeURIComponent(fromAccount);
}

/** Throws a TypeError saying what an id must look like and what was given. */
export function decodeFriendSetId(id: string): string {
  const fail = (why: string): never => {
    throw new TypeError(`invalid FriendSet id ${JSON.stringify(id)}: ${why}; expected the percent-encoded fromAccount`);
  };
  let fromAccount: string;
  try {
    fromAccount = decodeURIComponent(id);
  } catch {
    return fail("it is not valid percent-encoding");
  }
  if (!isLegalUserId(fromAccount)) {
    fail(`${JSON.stringify(fromAccount)} is not a UserID (printable ASCII, 1–${Limits.userIdMaxBytes} bytes)`);
  }
  return fromAccount;
}
