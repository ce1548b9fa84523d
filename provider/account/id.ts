import { Limits } from "../commands";
import { isLegalUserId } from "../friends/field-rules";

/** The id of an Account: its UserID, percent-encoded so every legal UserID round-trips and ordinary ones read plainly. */
export function encodeAccountId(userId: string): string {
  return encodeURIComponent(userId);
}

/** Throws a TypeError saying what an id must look like and what was given. */
export function decodeAccountId(id: string): string {
  let userId: string;
  try {
    userId = decodeURIComponent(id);
  } catch {
    throw new TypeError(`invalid Account id ${JSON.stringify(id)}: not valid percent-encoding`);
  }
  if (!isLegalUserId(userId)) {
    throw new TypeError(
      `invalid Account id ${JSON.stringify(id)}: ${JSON.stringify(userId)} is not a UserID (printable ASCII, 1–${Limits.userIdMaxBytes} bytes)`,
    );
  }
  return userId;
}
