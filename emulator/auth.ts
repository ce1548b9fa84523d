import { AuthErrorCode } from "../provider/commands";
import { verifyUserSig, type UserSigFailure } from "../provider/signing/verify";
import { ServiceError, infoWithDetail } from "./errors";
import type { EmulatorConfig } from "./options";

/** The admin a call authenticated as. */
export interface Caller {
  identifier: string;
}

const FAILURE_CODES: Readonly<Record<UserSigFailure, number>> = {
  AUTH_EMPTY: AuthErrorCode.userSigEmpty,
  AUTH_UNPARSEABLE: AuthErrorCode.userSigUnparseable,
  SDKAPPID_MISMATCH: AuthErrorCode.sdkAppIdMismatch,
  IDENTIFIER_MISMATCH: AuthErrorCode.identifierMismatch,
  EXPIRED: AuthErrorCode.expired,
  WRONG_KEY: AuthErrorCode.wrongKey,
};

/**
 * Authenticates a call from its URL query, in the order of docs/error-codes.md#authentication-failures: sdkappid
 * present (60012) and known (60006),
 * identifier and usersig present (60004; empty usersig 70002), then the UserSig (70003, 70014, 70013, 70001,
 * 70009), then admin (60010). Throws ServiceError; messages never contain the UserSig or the key.
 */
export function authenticate(query: URLSearchParams, config: EmulatorConfig): Caller {
  const sdkAppId = query.get("sdkappid");
  if (sdkAppId === null || sdkAppId === "") throw new ServiceError(AuthErrorCode.sdkAppIdMissing);
  if (!/^\d+$/.test(sdkAppId) || Number(sdkAppId) !== config.sdkAppId) {
    throw new ServiceError(
      AuthErrorCode.sdkAppIdUnknown,
      infoWithDetail(AuthErrorCode.sdkAppIdUnknown, `no app ${JSON.stringify(sdkAppId)} here`),
    );
  }
  const identifier = query.get("identifier");
  const userSig = query.get("usersig");
  if (identifier === null || identifier === "" || userSig === null) {
    const missing = [identifier ? undefined : "identifier", userSig === null ? "usersig" : undefined]
      .filter(Boolean)
      .join(" and ");
    throw new ServiceError(
      AuthErrorCode.credentialsMissing,
      infoWithDetail(AuthErrorCode.credentialsMissing, `${missing} missing from the URL`),
    );
  }
  const verdict = verifyUserSig({
    userSig,
    sdkAppId: config.sdkAppId,
    identifier,
    secretKey: config.secretKey,
    nowSeconds: Math.floor(config.clock.now() / 1000),
  });
  if (!verdict.ok) {
    const code = FAILURE_CODES[verdict.reason];
    throw new ServiceError(code, infoWithDetail(code, verdict.detail));
  }
  if (!config.adminIdentifiers.includes(identifier)) {
    throw new ServiceError(
      AuthErrorCode.notAdmin,
      infoWithDetail(AuthErrorCode.notAdmin, `"${identifier}" is not an App admin`),
    );
  }
  return { identifier };
}
