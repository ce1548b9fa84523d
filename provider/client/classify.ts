import { retryAdvice } from "../commands/error-codes";

/**
 * The retry decision, as a pure function of what went wrong and whether the command may be sent twice
 * (style.md: octokit / AWS SDK retry strategy). `retry.ts` does the waiting; this module only decides.
 *
 * Policy (docs/rest-api.md#http-status, docs/error-codes.md#retry-advice, docs/concurrency.md):
 *
 * | failure                                             | class      | retried                     | outcome unknown |
 * |-----------------------------------------------------|------------|-----------------------------|-----------------|
 * | 30006, 30007, 40006, 70169, 70202, 70500            | transient  | yes                         | no              |
 * | 60008 (service timeout)                             | transient  | only if the command is retry-safe | yes       |
 * | 30008 (write conflict)                              | conflict   | yes (per item: only failed items) | no        |
 * | 60007, 60011, 60018, 60019                          | throttled  | yes, waiting at least 1 s   | no              |
 * | 70001 (UserSig expired), 70052 (UserSig invalidated)| resign     | once, with a fresh UserSig  | no              |
 * | any other service code (30001, 60010, 700xx, …)     | permanent  | no                          | no              |
 * | HTTP 408, 429, 503                                  | throttled  | yes                         | no              |
 * | other HTTP 5xx, a 200 that is not an answer        | transient  | only if retry-safe          | yes             |
 * | other HTTP status                                   | permanent  | no                          | no              |
 * | JSON body that fails the response schema           | permanent  | no                          | no              |
 * | connection refused / DNS / connect timeout          | transient  | yes (nothing was sent)      | no              |
 * | connection dropped or timed out after sending       | transient  | only if retry-safe          | yes             |
 *
 * "Outcome unknown" means the request may have been applied although no answer came back. Commands that are not
 * retry-safe (friend_add, friend_import, friend_delete, black_list_add, black_list_delete) are never re-sent then:
 * a second friend_add would turn a success into "already a friend" (30001) and hide what happened. The error reaches
 * the caller with `retryable: true, outcomeUnknown: true`, and the caller re-reads before deciding.
 */

export type Failure =
  /** The body said `ErrorCode != 0` (whole request) or an item carried a non-zero `ResultCode`. */
  | { kind: "service"; errorCode: number }
  /** A status other than 200 (docs/rest-api.md#http-status: the service itself always answers 200). */
  | { kind: "http-status"; status: number }
  /**
   * A 200 that is not an answer of the service (`json: false`: not JSON, no envelope, too large) or is its answer in
   * the wrong shape (`json: true`).
   */
  | { kind: "invalid-response"; json: boolean }
  /** No answer: `sent` is false only when we know the request never left (refused, DNS, connect timeout). */
  | { kind: "connection"; sent: boolean }
  | { kind: "timeout"; sent: boolean };

export type FailureClass = "transient" | "throttled" | "conflict" | "resign" | "permanent";

export interface Verdict {
  class: FailureClass;
  /** The client should send the request again (after backoff, or at once after re-signing). */
  retry: boolean;
  /** The condition is passing: trying again later may succeed, whether or not the client does it itself. */
  retryable: boolean;
  /** The request may have been applied although no answer came back. */
  outcomeUnknown: boolean;
}

function verdict(cls: FailureClass, outcomeUnknown: boolean, retrySafe: boolean): Verdict {
  const retryable = cls !== "permanent";
  return { class: cls, retryable, outcomeUnknown, retry: retryable && (retrySafe || !outcomeUnknown) };
}

/**
 * Service codes whose failure may hide an applied write (docs/error-codes.md#gateway-codes-60xxx: 60008 "only if the
 * request is idempotent").
 */
function serviceOutcomeUnknown(errorCode: number): boolean {
  return errorCode === 60008;
}

export function classifyServiceCode(errorCode: number): FailureClass {
  switch (retryAdvice(errorCode)) {
    case "transient":
      return "transient";
    case "throttled":
      return "throttled";
    case "conflict":
      return "conflict";
    case "resign":
      return "resign";
    case "never":
      return "permanent";
  }
}

export function classify(failure: Failure, retrySafe: boolean): Verdict {
  switch (failure.kind) {
    case "service":
      return verdict(classifyServiceCode(failure.errorCode), serviceOutcomeUnknown(failure.errorCode), retrySafe);
    case "http-status": {
      const s = failure.status;
      // 408, 429 and 503 are refusals before any processing (the doocs SDK retries 408, 429 and 5xx).
      if (s === 408 || s === 429 || s === 503) return verdict("throttled", false, retrySafe);
      if (s >= 500) return verdict("transient", true, retrySafe);
      return verdict("permanent", false, retrySafe);
    }
    case "invalid-response":
      // Non-JSON is what a proxy or a broken hop sends (docs/rest-api.md#http-status); well-formed JSON of the wrong
      // shape would only come back the same way again.
      return failure.json ? verdict("permanent", false, retrySafe) : verdict("transient", true, retrySafe);
    case "connection":
    case "timeout":
      return verdict("transient", failure.sent, retrySafe);
  }
}

/**
 * Item codes worth re-sending the item for (docs/concurrency.md#what-the-client-and-emulator-do): the item failed, so
 * re-sending it cannot apply it twice.
 */
export function isRetryableItemCode(resultCode: number): boolean {
  if (resultCode === 0) return false;
  const cls = classifyServiceCode(resultCode);
  return cls === "transient" || cls === "conflict" || cls === "throttled";
}
