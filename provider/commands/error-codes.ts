/**
 * The service's numeric error codes that the client, the provider and the emulator need (docs/error-codes.md).
 * `retry` is the service-level advice (docs/error-codes.md#retry-advice); the client's classifier turns it into a
 * decision.
 */
export type RetryAdvice =
  /** A passing fault: retry the same request with backoff. */
  | "transient"
  /** Over a call-rate limit: retry after a longer wait. */
  | "throttled"
  /** Concurrent writes to one user's chain: serialize, then retry the failed items. */
  | "conflict"
  /** The UserSig expired or was invalidated: sign again, then retry once. */
  | "resign"
  /** Retrying the same request cannot help. */
  | "never";

export interface ErrorCodeInfo {
  code: number;
  /** Our stable name for the code, used as the emulator's ErrorInfo when no observed text is known. */
  name: string;
  retry: RetryAdvice;
}

/** The codes code branches on, by meaning. */
export const ServiceCode = {
  /**
   * Invalid parameter; also "already a friend" on import and "not a friend" on update and read
   * (docs/error-codes.md#ambiguous-30001).
   */
  invalidParameter: 30001,
  accountNotFound: 30003,
  writeConflict: 30008,
  tooManyGroups: 30011,
  /** friend_delete: no friendship with that account (docs/rest-api.md#friend_delete). */
  notFriendOnDelete: 31704,
  /** group_add naming an account that is not a friend (docs/rest-api.md#group_add). */
  groupAddNotFriend: 32216,
  profileAccountNotFound: 40003,
  profileTagNotFound: 40009,
  httpParseError: 60002,
  jsonParseError: 60003,
  rateLimited: 60007,
  serviceTimeout: 60008,
  unknownCommand: 60009,
  /** An account field of the wrong JSON type (docs/error-codes.md#gateway-codes-60xxx). */
  wrongAccountFieldType: 60015,
  userSigExpired: 70001,
  userSigInvalidated: 70052,
  accountNotImported: 70107,
  accountInvalidParameter: 70402,
  accountDeleteRefused: 71000,
} as const;

const table: ReadonlyArray<readonly [number, string, RetryAdvice]> = [
  [30001, "Err_SNS_Invalid_Parameter", "never"],
  [30002, "Err_SNS_SdkAppId_Illegal", "never"],
  [30003, "Err_SNS_Account_Not_Exist", "never"],
  [30004, "Err_SNS_Admin_Required", "never"],
  [30006, "Err_SNS_Internal_Error", "transient"],
  [30007, "Err_SNS_Timeout", "transient"],
  [30008, "Err_SNS_Write_Conflict", "conflict"],
  [30010, "Err_SNS_My_Friend_Num_Exceed_Threshold", "never"],
  [30011, "Err_SNS_Group_Num_Exceed_Threshold", "never"],
  [30012, "Err_SNS_Pending_Num_Exceed_Threshold", "never"],
  [30013, "Err_SNS_BlackList_Num_Exceed_Threshold", "never"],
  [30014, "Err_SNS_Peer_Friend_Num_Exceed_Threshold", "never"],
  [30515, "Err_SNS_FriendAdd_In_Self_BlackList", "never"],
  [30516, "Err_SNS_FriendAdd_Deny_Any", "never"],
  [30525, "Err_SNS_FriendAdd_In_Peer_BlackList", "never"],
  [30539, "Err_SNS_FriendAdd_Need_Confirm", "never"],
  [31704, "Err_SNS_FriendDelete_Not_Friend", "never"],
  [32216, "Err_SNS_GroupAdd_ToTinyId_Not_Friend", "never"],
  [40001, "Err_Profile_Comm_Decode_Fail", "never"],
  [40003, "Err_Profile_Account_Not_Exist", "never"],
  [40004, "Err_Profile_Admin_Required", "never"],
  [40006, "Err_Profile_Internal_Error", "transient"],
  [40009, "Err_Profile_Tag_Not_Exist", "never"],
  [40601, "Err_Profile_Value_Too_Long", "never"],
  [40605, "Err_Profile_Value_Invalid", "never"],
  [40610, "Err_Profile_Value_Type_Mismatch", "never"],
  [60002, "HTTP parse Error", "never"],
  [60003, "JSON parse error", "never"],
  [60004, "Account or signature error in URL", "never"],
  [60006, "SDKAppID invalid", "never"],
  [60007, "REST API call frequency exceeded", "throttled"],
  [60008, "service timeout or request format error,please check and try again", "transient"],
  [60009, "request resource error, check URL", "never"],
  [60010, "identifier is not an App admin", "never"],
  [60011, "SDKAppID call frequency exceeded", "throttled"],
  [60012, "sdkappid missing from URL", "never"],
  [60013, "JSON parse error in the HTTP response", "transient"],
  [60014, "Account switching timed out", "transient"],
  [60015, "Account field type error: must be a string", "never"],
  [60018, "too many requests", "throttled"],
  [60019, "too many requests", "throttled"],
  [70001, "UserSig expired", "resign"],
  [70002, "UserSig length is 0", "never"],
  [70003, "UserSig parse failed", "never"],
  [70005, "UserSig invalid", "never"],
  [70009, "UserSig verification failed", "never"],
  [70013, "identifier does not match UserSig", "never"],
  [70014, "SDKAppID does not match UserSig", "never"],
  [70052, "UserSig invalidated", "resign"],
  [70107, "Err_TLS_PT_Open_Login_Account_Not_Exist", "never"],
  [70169, "Internal timeout", "transient"],
  [70202, "Internal timeout", "transient"],
  [70398, "Account count exceeds the free-plan limit", "never"],
  [70402, "Invalid parameter", "never"],
  [70403, "Admin permission required", "never"],
  [70500, "Internal error", "transient"],
  [71000, "Account delete refused", "never"],
];

export function errorCodeInfo(code: number): ErrorCodeInfo | undefined {
  const row = table.find(([c]) => c === code);
  return row ? { code: row[0], name: row[1], retry: row[2] } : undefined;
}

/** Retry advice for any code; unknown codes are not retried. */
export function retryAdvice(code: number): RetryAdvice {
  return errorCodeInfo(code)?.retry ?? "never";
}

/** The authentication failures, by what went wrong (docs/error-codes.md#authentication-failures). */
export const AuthErrorCode = {
  sdkAppIdMissing: 60012,
  sdkAppIdUnknown: 60006,
  credentialsMissing: 60004,
  userSigEmpty: 70002,
  userSigUnparseable: 70003,
  sdkAppIdMismatch: 70014,
  identifierMismatch: 70013,
  expired: 70001,
  wrongKey: 70009,
  notAdmin: 60010,
} as const;
