/**
 * The client's two error families (style.md practice 3):
 *
 * - `ChatApiError`: the service answered and said no for the whole request (`ActionStatus:"FAIL"` or
 *   `ErrorCode != 0`, spec §1.4 level 1). Its numeric `errorCode` is the service's own.
 * - `ChatClientError`: we could not get a usable answer (timeout, connection, HTTP status, unreadable body), the
 *   configuration is wrong, or retries ran out. Its `code` is one of our stable strings.
 *
 * Per-item failures (spec §1.4 level 2) are not errors: the typed methods return them as data.
 *
 * Neither class ever holds the secret key or a UserSig: messages are built from redacted text and the URL they carry
 * is redacted (`usersig=REDACTED`).
 */

export type ChatClientErrorCode =
  | "TIMEOUT"
  | "CONNECTION"
  | "HTTP_STATUS"
  | "INVALID_RESPONSE"
  | "CONFIG_INVALID"
  | "RETRY_EXHAUSTED"
  /** The body given to `send` does not match the command's request schema (a programming error, never retried). */
  | "INVALID_REQUEST";

/** Why an authentication or gateway code most likely happened, so the message points at the setting to fix. */
function likelyCause(errorCode: number): string | undefined {
  switch (errorCode) {
    case 70009:
      return "the secret key does not match this SDKAppID (UserSig failed verification); check the secretKey setting or TENCENT_CHAT_SECRET_KEY";
    case 70001:
      return "the UserSig had expired and a freshly signed one was refused too; check the system clock";
    case 70013:
      return "the identifier in the URL differs from the one inside the UserSig";
    case 70014:
      return "the SDKAppID in the URL differs from the one inside the UserSig";
    case 70016:
    case 70020:
    case 60006:
      return "this endpoint does not know the SDKAppID; check the sdkAppId setting and that the region matches the app's data centre";
    case 70002:
    case 70003:
    case 70005:
    case 60004:
      return "the service could not read the UserSig";
    case 60010:
    case 30004:
    case 40004:
    case 70403:
      return "the admin identifier is not an App admin of this SDKAppID; check the adminIdentifier setting or TENCENT_CHAT_ADMIN";
    case 70050:
      return "too many failed signature checks; fix the credentials and wait one minute";
    case 60007:
    case 60011:
    case 60018:
    case 60019:
      return "the call-rate limit was exceeded; lower rateLimitPerSecond";
    case 60020:
      return "the app's plan has expired or is not active yet";
    case 60021:
      return "this source IP is not allowed to call the app";
    default:
      return undefined;
  }
}

export interface ChatApiErrorInit {
  command: string;
  errorCode: number;
  errorInfo: string;
  errorDisplay?: string;
  httpStatus: number;
  retryable: boolean;
  /** Only 60008 (service timeout): the request may have been applied. */
  outcomeUnknown?: boolean;
  /** The request URL, already redacted. */
  url?: string;
}

/**
 * Make `error` a complete Error whether or not the class runs as written. Pulumi's closure serializer (the provider
 * and this client travel in `__provider`) turns `super(message)` into `Error.call(this, message)`, which sets nothing
 * on `this`, and leaves the prototype outside Error's. So the message, the name and the cause are assigned here, the
 * stack is captured if missing, and the prototype is linked to Error.prototype if it is not.
 */
function completeError(error: Error, ctor: { prototype: object }, name: string, message: string, cause: unknown): void {
  if (!(ctor.prototype instanceof Error)) Object.setPrototypeOf(ctor.prototype, Error.prototype);
  Object.defineProperty(error, "message", { value: message, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(error, "name", { value: name, writable: true, configurable: true, enumerable: false });
  if (cause !== undefined)
    Object.defineProperty(error, "cause", { value: cause, writable: true, configurable: true, enumerable: false });
  if (!Object.prototype.hasOwnProperty.call(error, "stack") && typeof Error.captureStackTrace === "function")
    Error.captureStackTrace(error, ctor as never);
}

/** The service refused the whole request (spec §1.4, level 1). */
export class ChatApiError extends Error {
  override readonly name: "ChatApiError";
  readonly command: string;
  readonly errorCode: number;
  readonly errorInfo: string;
  readonly errorDisplay?: string;
  readonly httpStatus: number;
  /** The failure is transient: the same request may succeed later (after the client's own retries ran out). */
  readonly retryable: boolean;
  /** The request may have been applied although the service reported a failure (60008, spec §3.1). */
  readonly outcomeUnknown: boolean;
  readonly url?: string;

  constructor(init: ChatApiErrorInit) {
    const cause = likelyCause(init.errorCode);
    const info = init.errorInfo ? ` ${init.errorInfo}` : "";
    const message = `${init.command} failed with ErrorCode ${init.errorCode}${info}${cause ? `: ${cause}` : ""}`;
    super(message);
    this.name = "ChatApiError";
    completeError(this, ChatApiError, "ChatApiError", message, undefined);
    this.command = init.command;
    this.errorCode = init.errorCode;
    this.errorInfo = init.errorInfo;
    this.errorDisplay = init.errorDisplay;
    this.httpStatus = init.httpStatus;
    this.retryable = init.retryable;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.url = init.url;
  }
}

export interface ChatClientErrorInit {
  code: ChatClientErrorCode;
  message: string;
  command?: string;
  retryable?: boolean;
  /**
   * The request may have been applied although no answer arrived (a timeout or dropped connection after the body was
   * sent, a proxy 502). A caller about to repeat a write that is not retry-safe should read the state first.
   */
  outcomeUnknown?: boolean;
  httpStatus?: number;
  /** How many requests were sent for this call, counting retries. */
  attempts?: number;
  /** The request URL, already redacted. */
  url?: string;
  /** The underlying failure; only our own errors or redacted summaries of foreign ones are kept here. */
  cause?: unknown;
}

/** We could not get a usable answer, the configuration is wrong, or retries ran out. */
export class ChatClientError extends Error {
  override readonly name: "ChatClientError";
  readonly code: ChatClientErrorCode;
  readonly command?: string;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly httpStatus?: number;
  readonly attempts?: number;
  readonly url?: string;

  constructor(init: ChatClientErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ChatClientError";
    completeError(this, ChatClientError, "ChatClientError", init.message, init.cause);
    this.code = init.code;
    this.command = init.command;
    this.retryable = init.retryable ?? false;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.httpStatus = init.httpStatus;
    this.attempts = init.attempts;
    this.url = init.url;
  }
}

/** A configuration error naming the setting, the rule, and (never for secrets) what was given. */
export function configError(setting: string, rule: string, given?: string): ChatClientError {
  const suffix = given === undefined ? "" : `, got ${given}`;
  return new ChatClientError({ code: "CONFIG_INVALID", message: `${setting}: ${rule}${suffix}`, retryable: false });
}
