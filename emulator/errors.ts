import type { ErrorFamily } from "../provider/commands/error-family";
import { errorCodeInfo } from "../provider/commands/error-codes";

/**
 * The errors catalog: renders the service's envelope (docs/rest-api.md#response-envelope) for successes, whole-request
 * failures and
 * per-item results. Codes and their default texts come from provider/commands/error-codes.ts, shared with the client.
 */

/**
 * A whole-request failure: `ActionStatus:"FAIL"` with this code and no per-item arrays
 * (docs/rest-api.md#two-levels-of-failure).
 */
export class ServiceError extends Error {
  constructor(
    readonly code: number,
    /** The response's ErrorInfo. Defaults to the catalog's name for the code. */
    readonly info: string = defaultInfo(code),
  ) {
    super(`${code} ${info}`);
    this.name = "ServiceError";
  }
}

export function defaultInfo(code: number): string {
  return errorCodeInfo(code)?.name ?? `Error ${code}`;
}

/** `ErrorInfo` text: the catalog name, then what exactly was wrong. */
export function infoWithDetail(code: number, detail: string): string {
  return `${defaultInfo(code)}: ${detail}`;
}

export type ResponseBody = Record<string, unknown>;

/**
 * sns and profile responses carry `ErrorDisplay`; account APIs and gateway errors (60000–79999) leave it out
 * (docs/rest-api.md#response-envelope).
 */
function hasErrorDisplay(family: ErrorFamily | undefined, code: number): boolean {
  if (code >= 60000 && code <= 79999) return false;
  return family === "sns" || family === "profile";
}

/**
 * Success `ErrorInfo` that differs from `""`: the documented samples of friend_delete and group_delete show `"0"`
 * (docs/rest-api.md#friend_delete, docs/rest-api.md#group_delete).
 */
const SUCCESS_ERROR_INFO: Readonly<Record<string, string>> = { friend_delete: "0", group_delete: "0" };

/**
 * API fields first, envelope last, in the order of the documented samples (docs/rest-api.md#friend_update,
 * docs/rest-api.md#friend_get_list).
 */
export function successBody(fields: ResponseBody, family: ErrorFamily, command: string): ResponseBody {
  const errorInfo = Object.hasOwn(SUCCESS_ERROR_INFO, command) ? SUCCESS_ERROR_INFO[command] : "";
  const body: ResponseBody = { ...fields, ActionStatus: "OK", ErrorCode: 0, ErrorInfo: errorInfo };
  if (hasErrorDisplay(family, 0)) body.ErrorDisplay = "";
  return body;
}

export function errorBody(error: ServiceError, family: ErrorFamily | undefined): ResponseBody {
  const body: ResponseBody = { ActionStatus: "FAIL", ErrorCode: error.code, ErrorInfo: error.info };
  if (hasErrorDisplay(family, error.code)) body.ErrorDisplay = "";
  return body;
}

/** The outcome of one item of a batch: success, or its code and ResultInfo. */
export interface ItemOutcome {
  code: number;
  info: string;
}

/**
 * Collects per-item results in request order. `Fail_Account` lists failed items and is present only when at least
 * one failed (docs/rest-api.md#two-levels-of-failure).
 */
export class ItemResults {
  private readonly items: ResponseBody[] = [];
  private readonly failed: string[] = [];

  constructor(
    /** The id field of each item: `To_Account` for sns, `UserID` for account commands. */
    private readonly idField: "To_Account" | "UserID" = "To_Account",
  ) {}

  ok(id: string, info = "", extra: ResponseBody = {}): void {
    this.items.push({ [this.idField]: id, ...extra, ResultCode: 0, ResultInfo: info });
  }

  fail(id: string, outcome: ItemOutcome, extra: ResponseBody = {}): void {
    this.items.push({ [this.idField]: id, ...extra, ResultCode: outcome.code, ResultInfo: outcome.info });
    this.failed.push(id);
  }

  /** Push an item built by the caller (for shapes such as friend_get_list's, where fields sit between id and code). */
  push(id: string, item: ResponseBody, failedOutcome?: ItemOutcome): void {
    if (failedOutcome) {
      this.items.push({ [this.idField]: id, ...item, ResultCode: failedOutcome.code, ResultInfo: failedOutcome.info });
      this.failed.push(id);
    } else {
      this.items.push({ [this.idField]: id, ...item, ResultCode: 0, ResultInfo: "" });
    }
  }

  get list(): ResponseBody[] {
    return this.items;
  }

  /** `{<arrayName>: [...], Fail_Account?: [...]}`. */
  fields(arrayName = "ResultItem", failField = "Fail_Account"): ResponseBody {
    const out: ResponseBody = { [arrayName]: this.items };
    if (this.failed.length > 0) out[failField] = this.failed;
    return out;
  }
}

/** A failed item with its documented or chosen ResultInfo. */
export function itemError(code: number, info: string): ItemOutcome {
  return { code, info };
}
