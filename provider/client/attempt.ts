import type { CommandDescriptor } from "../commands";
import { ChatApiError, ChatRequestError, type ErrorCode, ErrorCodes } from "../errors";
import { type Failure, type Verdict, classify } from "./classify";
import { redactText } from "./redact";
import type { TransportResult } from "./transport";

/**
 * Turns what one request produced (a transport result) into a parsed answer or a classified failure with the error
 * to surface (docs/rest-api.md#response-envelope, docs/rest-api.md#http-status).
 */
export type Attempt<T> =
  { ok: true; response: T } | { ok: false; verdict: Verdict; error: ChatApiError | ChatRequestError };

export interface AttemptContext {
  descriptor: CommandDescriptor;
  /** The request URL, already redacted. */
  url: string;
  /** Strings that must never appear in a message: the secret key and the UserSig of this request. */
  secrets: readonly string[];
}

export function interpretAnswer<T>(outcome: TransportResult, context: AttemptContext): Attempt<T> {
  const { descriptor, url } = context;
  const command = descriptor.command;
  const clean = (text: string) => redactText(text, context.secrets);

  /** The one way a failure is built: classify it, then word it. */
  const fail = (failure: Failure, code: ErrorCode, text: string, errorInfo = ""): Attempt<T> => {
    const verdict = classify(failure, descriptor.retrySafe);
    const unknownHint =
      verdict.outcomeUnknown && !descriptor.retrySafe
        ? "; the request may have been applied, read before repeating it"
        : "";
    const message = `${command}${failure.kind === "service" ? " " : ": "}${text}${unknownHint}`;
    const base = { command, retryable: verdict.retryable, outcomeUnknown: verdict.outcomeUnknown, url };
    const error =
      failure.kind === "service"
        ? new ChatApiError(message, { ...base, serviceCode: failure.errorCode, errorInfo })
        : new ChatRequestError(code, message, {
            ...base,
            httpStatus: failure.kind === "http-status" ? failure.status : outcome.ok ? 200 : undefined,
          });
    return { ok: false, verdict, error };
  };

  if (!outcome.ok) {
    if (outcome.kind === "too-large") {
      return fail({ kind: "invalid-response", json: false }, ErrorCodes.INVALID_RESPONSE, clean(outcome.message));
    }
    const code = outcome.kind === "timeout" ? ErrorCodes.TIMEOUT : ErrorCodes.CONNECTION;
    return fail(
      { kind: outcome.kind, sent: outcome.sent },
      code,
      `${clean(outcome.message)}${outcome.errorCode ? ` (${outcome.errorCode})` : ""}`,
    );
  }
  if (outcome.status !== 200) {
    return fail(
      { kind: "http-status", status: outcome.status },
      ErrorCodes.HTTP_STATUS,
      `HTTP ${outcome.status}${outcome.text ? `: ${clean(snippet(outcome.text))}` : ""}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(outcome.text);
  } catch {
    return fail(
      { kind: "invalid-response", json: false },
      ErrorCodes.INVALID_RESPONSE,
      `expected a JSON body, got ${outcome.text ? JSON.stringify(clean(snippet(outcome.text))) : "an empty body"}`,
    );
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return fail(
      { kind: "invalid-response", json: false },
      ErrorCodes.INVALID_RESPONSE,
      `expected a JSON object, got ${clean(snippet(JSON.stringify(json)))}`,
    );
  }
  const envelope = json as { ActionStatus?: unknown; ErrorCode?: unknown; ErrorInfo?: unknown };
  // A 200 that carries neither field is not the service's answer (a proxy's, a cache's): like a gateway failure,
  // it is retried for retry-safe commands and leaves the outcome of the others unknown.
  if (envelope.ActionStatus === undefined && envelope.ErrorCode === undefined) {
    return fail(
      { kind: "invalid-response", json: false },
      ErrorCodes.INVALID_RESPONSE,
      `the answer has neither ActionStatus nor ErrorCode: ${clean(snippet(JSON.stringify(json)))}`,
    );
  }
  const errorCode = Number(envelope.ErrorCode ?? 0);
  if (!Number.isFinite(errorCode)) {
    return fail(
      { kind: "invalid-response", json: true },
      ErrorCodes.INVALID_RESPONSE,
      `ErrorCode: expected a number, got ${clean(snippet(JSON.stringify(envelope.ErrorCode)))}`,
    );
  }
  // A refused request carries no per-item arrays, so the envelope is judged before the full schema.
  if (errorCode !== 0 || envelope.ActionStatus === "FAIL") {
    const info = typeof envelope.ErrorInfo === "string" ? clean(envelope.ErrorInfo) : "";
    const cause = likelyCause(errorCode);
    const text = `failed with ErrorCode ${errorCode}${info ? ` ${info}` : ""}${cause ? `: ${cause}` : ""}`;
    return fail({ kind: "service", errorCode }, ErrorCodes.SERVICE_ERROR, text, info);
  }
  const parsed = descriptor.response.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join(".") || "(body)"}: ${i.message}`)
      .join("; ");
    return fail(
      { kind: "invalid-response", json: true },
      ErrorCodes.INVALID_RESPONSE,
      `unexpected response: ${clean(detail)}`,
    );
  }
  return { ok: true, response: parsed.data as T };
}

function snippet(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

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
