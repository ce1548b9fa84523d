import { deflateSync } from "node:zlib";
import { decodeUserSig, userSigSignedText, verifyUserSig } from "../../provider/signing/verify";
import { base64UserSig, handMadeUserSig, officialUserSig } from "../helpers/raw-http";

// The test vector of docs/usersig.md (public sample key of the tls-sig-api READMEs).
const VECTOR = {
  key: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
  sdkAppId: 1400000000,
  identifier: "administrator",
  time: 1700000000,
  expire: 86400,
  sig: "yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=",
  userSig:
    "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl5mcUlRYkl*UVQBcUp2YkFBZkpSlaGJgZQAJEpycxNVbIyNEcVTa0oyCxKVbKyMDOBCRVnpitZKVX6OKZql5uHh6aGlhYmhVlm6IdEmFuUGhnmh7hnamdaRhUYlhoHFORFmhnYKtUCAK0SM5I_",
};
const creds = { sdkAppId: VECTOR.sdkAppId, identifier: VECTOR.identifier, secretKey: VECTOR.key };
const verifyVector = (overrides: Partial<Parameters<typeof verifyUserSig>[0]> = {}) =>
  verifyUserSig({
    userSig: VECTOR.userSig,
    sdkAppId: VECTOR.sdkAppId,
    identifier: VECTOR.identifier,
    secretKey: VECTOR.key,
    nowSeconds: VECTOR.time + 10,
    ...overrides,
  });

describe("verifyUserSig: the docs/usersig.md test vector, with a fixed clock", () => {
  test("decodes to the documented fields and signed text", () => {
    const decoded = decodeUserSig(VECTOR.userSig);
    expect(decoded).toMatchObject({
      version: "2.0",
      identifier: "administrator",
      sdkAppId: "1400000000",
      time: "1700000000",
      expire: "86400",
      sig: VECTOR.sig,
    });
    expect(userSigSignedText(decoded!)).toBe(
      "TLS.identifier:administrator\nTLS.sdkappid:1400000000\nTLS.time:1700000000\nTLS.expire:86400\n",
    );
  });

  test("verifies inside its validity, including the very last second", () => {
    expect(verifyVector()).toEqual({
      ok: true,
      identifier: "administrator",
      sdkAppId: 1400000000,
      issuedAt: 1700000000,
      expiresAt: 1700086400,
    });
    expect(verifyVector({ nowSeconds: VECTOR.time + VECTOR.expire }).ok).toBe(true);
  });

  test("is expired one second after time + expire (strictly greater, as in Go)", () => {
    expect(verifyVector({ nowSeconds: VECTOR.time + VECTOR.expire + 1 })).toMatchObject({
      ok: false,
      reason: "EXPIRED",
    });
  });

  test("refuses another key, another app, another identifier", () => {
    expect(verifyVector({ secretKey: "another-key" })).toMatchObject({ ok: false, reason: "WRONG_KEY" });
    expect(verifyVector({ sdkAppId: 1400000001 })).toMatchObject({ ok: false, reason: "SDKAPPID_MISMATCH" });
    expect(verifyVector({ identifier: "Administrator" })).toMatchObject({ ok: false, reason: "IDENTIFIER_MISMATCH" });
  });

  test("checks in Go's order: sdkappid, identifier, expiry, then the signature", () => {
    const late = VECTOR.time + VECTOR.expire + 1;
    expect(verifyVector({ sdkAppId: 1, identifier: "x", nowSeconds: late, secretKey: "k" })).toMatchObject({
      reason: "SDKAPPID_MISMATCH",
    });
    expect(verifyVector({ identifier: "x", nowSeconds: late, secretKey: "k" })).toMatchObject({
      reason: "IDENTIFIER_MISMATCH",
    });
    expect(verifyVector({ nowSeconds: late, secretKey: "k" })).toMatchObject({ reason: "EXPIRED" });
  });

  test("refuses empty and unparseable UserSigs", () => {
    expect(verifyVector({ userSig: "" })).toMatchObject({ ok: false, reason: "AUTH_EMPTY" });
    expect(verifyVector({ userSig: undefined })).toMatchObject({ ok: false, reason: "AUTH_EMPTY" });
    for (const bad of [
      "not base64 at all!",
      "eJyrVgrxCdYrSy1Ssl",
      base64UserSig(Buffer.from("plain, not zlib")),
      base64UserSig(deflateSync("not json")),
      base64UserSig(deflateSync("[1,2]")),
    ]) {
      expect(verifyVector({ userSig: bad })).toMatchObject({ ok: false, reason: "AUTH_UNPARSEABLE" });
    }
    const missingSig = base64UserSig(
      deflateSync(
        JSON.stringify({
          "TLS.identifier": "administrator",
          "TLS.sdkappid": 1400000000,
          "TLS.time": 1,
          "TLS.expire": 1,
        }),
      ),
    );
    expect(verifyVector({ userSig: missingSig })).toMatchObject({ ok: false, reason: "AUTH_UNPARSEABLE" });
  });

  test("never echoes the key or the UserSig in its details", () => {
    for (const result of [
      verifyVector({ secretKey: "another-key" }),
      verifyVector({ nowSeconds: 2e9 }),
      verifyVector({ identifier: "x" }),
    ]) {
      expect(result.ok).toBe(false);
      const detail = result.ok ? "" : result.detail;
      expect(detail).not.toContain(VECTOR.key);
      expect(detail).not.toContain("another-key");
      expect(detail).not.toContain(VECTOR.userSig);
      expect(detail).not.toContain(VECTOR.sig);
    }
  });
});

describe("verifyUserSig accepts any Tencent library's output (docs/usersig.md#verifying)", () => {
  const now = Math.floor(Date.now() / 1000);

  test("the official Node signer's UserSig", () => {
    const userSig = officialUserSig(creds);
    expect(
      verifyUserSig({
        userSig,
        sdkAppId: creds.sdkAppId,
        identifier: creds.identifier,
        secretKey: creds.secretKey,
        nowSeconds: now,
      }).ok,
    ).toBe(true);
  });

  test.each([
    ["no compression (Go's default)", { level: 0 }],
    ["best compression", { level: 9 }],
    ["a trailing newline after the JSON (Go's encoder)", { trailingNewline: true }],
    ["numbers written as strings", { numbersAsStrings: true }],
  ])("%s", (_, variant) => {
    const userSig = handMadeUserSig(creds, { time: now - 5, expire: 600, ...variant });
    expect(
      verifyUserSig({
        userSig,
        sdkAppId: String(creds.sdkAppId),
        identifier: creds.identifier,
        secretKey: creds.secretKey,
        nowSeconds: now,
      }).ok,
    ).toBe(true);
  });

  test("a UserSig whose signature was tampered with", () => {
    const userSig = handMadeUserSig(creds, {
      time: now,
      expire: 600,
      sigOverride: "yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=",
    });
    expect(
      verifyUserSig({
        userSig,
        sdkAppId: creds.sdkAppId,
        identifier: creds.identifier,
        secretKey: creds.secretKey,
        nowSeconds: now,
      }),
    ).toMatchObject({ reason: "WRONG_KEY" });
  });
});
