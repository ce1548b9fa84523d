import { createHmac, timingSafeEqual } from "node:crypto";
import { inflateSync } from "node:zlib";

/**
 * UserSig verification (TLSSigAPIv2, HMAC-SHA256), as the service does it (docs/usersig.md#verifying; Go
 * `VerifyUserSig` is the reference). The emulator uses it to authenticate calls; nothing here holds state or reads the
 * clock.
 */

/** Why a UserSig was refused, in the order of docs/usersig.md#verifying. */
export type UserSigFailure =
  "AUTH_EMPTY" | "AUTH_UNPARSEABLE" | "SDKAPPID_MISMATCH" | "IDENTIFIER_MISMATCH" | "EXPIRED" | "WRONG_KEY";

/**
 * The fields of a decoded UserSig, converted to strings exactly as they are signed (docs/usersig.md#verifying step 4).
 */
export interface DecodedUserSig {
  version: string | undefined;
  identifier: string;
  sdkAppId: string;
  time: string;
  expire: string;
  sig: string;
  userBuf: string | undefined;
}

export interface VerifyUserSigInput {
  userSig: string | undefined;
  /** The `sdkappid` of the request URL. */
  sdkAppId: number | string;
  /** The `identifier` of the request URL. */
  identifier: string;
  /** The app's secret key: its UTF-8 bytes are the HMAC key (not hex-decoded, docs/usersig.md#generating). */
  secretKey: string;
  /** Unix seconds, from the caller's clock so expiry is testable. */
  nowSeconds: number;
}

export type VerifyUserSigResult =
  | { ok: true; identifier: string; sdkAppId: number; issuedAt: number; expiresAt: number }
  | { ok: false; reason: UserSigFailure; detail: string };

/** Largest inflated UserSig accepted: real ones are about 200 bytes; this only stops a zlib bomb. */
const MAX_INFLATED_BYTES = 64 * 1024;

/**
 * Base64 variant → zlib → JSON (docs/usersig.md#generating steps 3–5 undone). `undefined` when any step fails or a
 * required field is missing or of the wrong type. Accepts any zlib level and a trailing newline after the JSON (Go
 * writes one).
 */
export function decodeUserSig(userSig: string): DecodedUserSig | undefined {
  let b64 = userSig.replace(/_/g, "=").replace(/-/g, "/").replace(/\*/g, "+");
  // Buffer's base64 decoder skips characters outside the alphabet; the service does not, so check first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  b64 = b64.replace(/=+$/, "");
  if (b64.length % 4 === 1) return undefined;
  const compressed = Buffer.from(b64, "base64");
  let json: string;
  try {
    json = inflateSync(compressed, { maxOutputLength: MAX_INFLATED_BYTES }).toString("utf8");
  } catch {
    return undefined;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return undefined;
  const fields = doc as Record<string, unknown>;
  const sig = fields["TLS.sig"];
  const identifier = fields["TLS.identifier"];
  const userBuf = fields["TLS.userbuf"];
  const sdkAppId = numericText(fields["TLS.sdkappid"]);
  const time = numericText(fields["TLS.time"]);
  const expire = numericText(fields["TLS.expire"]);
  if (typeof sig !== "string" || typeof identifier !== "string") return undefined;
  if (sdkAppId === undefined || time === undefined || expire === undefined) return undefined;
  if (userBuf !== undefined && typeof userBuf !== "string") return undefined;
  const version = fields["TLS.ver"];
  return {
    version: typeof version === "string" ? version : undefined,
    identifier,
    sdkAppId,
    time,
    expire,
    sig,
    userBuf,
  };
}

/**
 * The text the HMAC covers, one `TLS.<name>:<value>\n` line per field in this exact order (docs/usersig.md#generating
 * step 1).
 */
export function userSigSignedText(
  fields: Pick<DecodedUserSig, "identifier" | "sdkAppId" | "time" | "expire" | "userBuf">,
): string {
  let text = `TLS.identifier:${fields.identifier}\nTLS.sdkappid:${fields.sdkAppId}\nTLS.time:${fields.time}\nTLS.expire:${fields.expire}\n`;
  if (fields.userBuf !== undefined) text += `TLS.userbuf:${fields.userBuf}\n`;
  return text;
}

/**
 * Checks in the Go library's order: sdkappid, identifier, expiry, signature (docs/usersig.md#verifying; live order
 * UNCONFIRMED).
 */
export function verifyUserSig(input: VerifyUserSigInput): VerifyUserSigResult {
  if (input.userSig === undefined || input.userSig === "") {
    return { ok: false, reason: "AUTH_EMPTY", detail: "the UserSig is empty" };
  }
  const decoded = decodeUserSig(input.userSig);
  if (!decoded) {
    return {
      ok: false,
      reason: "AUTH_UNPARSEABLE",
      detail: "the UserSig is not base64 of zlib-compressed JSON with the TLS.* fields",
    };
  }
  if (Number(decoded.sdkAppId) !== Number(input.sdkAppId)) {
    return {
      ok: false,
      reason: "SDKAPPID_MISMATCH",
      detail: `the UserSig is for SDKAppID ${decoded.sdkAppId}, the request names ${String(input.sdkAppId)}`,
    };
  }
  if (decoded.identifier !== input.identifier) {
    return {
      ok: false,
      reason: "IDENTIFIER_MISMATCH",
      detail: `the UserSig is for identifier "${decoded.identifier}", the request names "${input.identifier}"`,
    };
  }
  const issuedAt = Number(decoded.time);
  const expiresAt = issuedAt + Number(decoded.expire);
  // Strictly greater, as in Go: a sig is still valid in its last second.
  if (input.nowSeconds > expiresAt) {
    return { ok: false, reason: "EXPIRED", detail: `the UserSig expired at ${expiresAt} (now ${input.nowSeconds})` };
  }
  const expected = createHmac("sha256", input.secretKey).update(userSigSignedText(decoded), "utf8").digest("base64");
  if (!constantTimeEqual(expected, decoded.sig)) {
    return { ok: false, reason: "WRONG_KEY", detail: "the UserSig was not signed with this app's secret key" };
  }
  return { ok: true, identifier: decoded.identifier, sdkAppId: Number(decoded.sdkAppId), issuedAt, expiresAt };
}

/** A JSON number, or a string of digits (some encoders write numbers as strings), as the digits it signs with. */
function numericText(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === "string" && /^\d{1,15}$/.test(value)) return value;
  return undefined;
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  // timingSafeEqual needs equal lengths; compare against itself so a length mismatch takes the same time.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
