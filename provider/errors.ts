/**
 * Every error this package throws: one base class with a stable string `code` (match on `code`, never on the
 * message, as with undici), and the data a caller needs in fields.
 */
export const ErrorCodes = {
  /** A provider setting (stack config or environment) is missing, unknown or invalid: `setting` names it. */
  CONFIG_INVALID: "CONFIG_INVALID",
  /** Inputs that `check` refuses reached an operation, or a resource option cannot work with this provider. */
  INVALID_INPUTS: "INVALID_INPUTS",
  /** The service refused the whole request: `serviceCode` is its ErrorCode. */
  SERVICE_ERROR: "SERVICE_ERROR",
  /** One item of a batch failed while the request succeeded: `resultCode` is the item's ResultCode. */
  ITEM_FAILED: "ITEM_FAILED",
  /** No answer within the request timeout. */
  TIMEOUT: "TIMEOUT",
  /** The connection failed or was dropped. */
  CONNECTION: "CONNECTION",
  /** An HTTP status other than 200 (the service itself always answers 200). */
  HTTP_STATUS: "HTTP_STATUS",
  /** A 200 whose body is not an answer of the command: not JSON, no envelope, wrong shape, or too large. */
  INVALID_RESPONSE: "INVALID_RESPONSE",
  /** A failure that could have passed, still there when the retry budget ran out: `cause` is the last one. */
  RETRY_EXHAUSTED: "RETRY_EXHAUSTED",
  /** A request body that does not match the command's schema (a programming error, never sent). */
  INVALID_REQUEST: "INVALID_REQUEST",
  /** A create or update applied part of what it had to: `id`, `properties` and `failures` say what. */
  PARTIAL_APPLY: "PARTIAL_APPLY",
  /** The friendship or account a resource manages no longer exists (removed outside Pulumi). */
  GONE: "GONE",
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** The base of every error of this package. */
export class TencentChatError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A setting is missing, unknown or invalid. The secret key's value never appears in the message. */
export class ConfigError extends TencentChatError {
  /** The setting, e.g. `sdkAppId`, or `region/endpoint` when the choice between them is wrong. */
  readonly setting: string;

  constructor(setting: string, message: string) {
    super(ErrorCodes.CONFIG_INVALID, message);
    this.setting = setting;
  }
}

/** What a failed call to the service was about; shared by the client's errors. */
export interface CallFailure {
  /** The command, e.g. `friend_import`. */
  command: string;
  /** The failure may pass: the same request may succeed later. */
  retryable: boolean;
  /** The request may have been applied although no usable answer came back: read before repeating a write. */
  outcomeUnknown: boolean;
  /** The request URL with the UserSig redacted. */
  url?: string;
}

/** The service refused the whole request (docs/rest-api.md#two-levels-of-failure). */
export class ChatApiError extends TencentChatError implements CallFailure {
  readonly command: string;
  /** The service's numeric ErrorCode. */
  readonly serviceCode: number;
  readonly errorInfo: string;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly url?: string;

  constructor(message: string, init: CallFailure & { serviceCode: number; errorInfo: string }) {
    super(ErrorCodes.SERVICE_ERROR, message);
    this.command = init.command;
    this.serviceCode = init.serviceCode;
    this.errorInfo = init.errorInfo;
    this.retryable = init.retryable;
    this.outcomeUnknown = init.outcomeUnknown;
    this.url = init.url;
  }
}

/** No usable answer came back (timeout, connection, HTTP status, invalid body), or retries ran out. */
export class ChatRequestError extends TencentChatError implements CallFailure {
  readonly command: string;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly url?: string;
  readonly httpStatus?: number;
  /** Requests sent for this call, counting retries (RETRY_EXHAUSTED). */
  readonly attempts?: number;

  constructor(
    code: ErrorCode,
    message: string,
    init: CallFailure & { httpStatus?: number; attempts?: number; cause?: unknown },
  ) {
    super(code, message, { cause: init.cause });
    this.command = init.command;
    this.retryable = init.retryable;
    this.outcomeUnknown = init.outcomeUnknown;
    this.url = init.url;
    this.httpStatus = init.httpStatus;
    this.attempts = init.attempts;
  }
}

/** One item of a batch failed (docs/rest-api.md#two-levels-of-failure); only its own caller sees it. */
export class ItemFailedError extends TencentChatError {
  constructor(
    readonly command: string,
    /** The account the request acted for (From_Account); for account commands, the item's own UserID. */
    readonly fromAccount: string,
    /** The item's key: To_Account, or UserID for account commands. */
    readonly toAccount: string,
    readonly resultCode: number,
    readonly resultInfo: string,
  ) {
    const target =
      fromAccount === toAccount
        ? JSON.stringify(toAccount)
        : `${JSON.stringify(fromAccount)} → ${JSON.stringify(toAccount)}`;
    super(
      ErrorCodes.ITEM_FAILED,
      `${command} ${target} failed with ResultCode ${resultCode}${resultInfo ? ` (${resultInfo})` : ""}`,
    );
  }
}

/** One part of a resource's change that failed while others were applied. */
export interface PartFailure {
  /** What the part is about: a friend's UserID, or the resource itself. */
  target: string;
  action: string;
  error: unknown;
}

/**
 * A create or update that applied part of what it had to. It carries the resource's `id` and the `properties` that
 * describe what really happened, so the dynamic-provider host reports ErrorResourceInitFailed and the engine records
 * them: nothing the resource created is forgotten, and the next `pulumi up` retries what failed
 * (docs/pulumi-host.md#partial-failures). The engine shows `reasons`, so they repeat the message.
 */
export class PartialApplyError extends TencentChatError {
  readonly reasons: string[];

  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly failures: PartFailure[],
  ) {
    super(ErrorCodes.PARTIAL_APPLY, message);
    this.reasons = [message];
  }
}

/**
 * A mistake in the program's declaration found before anything is sent (a resource option that cannot work, a name
 * the SDK cannot carry). Branded as Pulumi's RunError, so the engine prints its message as one line, without a stack.
 */
export class DeclarationError extends TencentChatError {
  readonly __pulumiRunError = true;

  constructor(message: string) {
    super(ErrorCodes.INVALID_INPUTS, message);
  }
}

/** A message for any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
