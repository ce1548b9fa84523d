/**
 * Errors of the batching layer. Written for the provider's serialized form: Pulumi's closure serializer turns a
 * class into a plain constructor function and `super(message)` into `Error.call(this, message)`, which sets nothing on
 * `this`, and it drops class field initializers. So every field, `message` included, is assigned in the constructor.
 */

/**
 * One item of a batch request failed while the request as a whole succeeded (spec §1.4, "Per item").
 * Only the caller that owns the item sees it; the numeric service code is kept as a number.
 */
export class ItemFailedError extends Error {
  readonly code: "ITEM_FAILED";

  constructor(
    readonly command: string,
    readonly fromAccount: string,
    readonly toAccount: string,
    readonly resultCode: number,
    readonly resultInfo: string,
  ) {
    const message = `${command} ${JSON.stringify(fromAccount)} → ${JSON.stringify(toAccount)} failed with ResultCode ${resultCode}${resultInfo ? ` (${resultInfo})` : ""}`;
    super(message);
    this.message = message;
    this.name = "ItemFailedError";
    this.code = "ITEM_FAILED";
  }
}

/** The service answered a batch without an outcome for one of our items. */
export class MissingResultError extends Error {
  readonly code: "INVALID_RESPONSE";

  constructor(
    readonly command: string,
    readonly fromAccount: string,
    readonly toAccount: string,
  ) {
    const message = `${command} for ${JSON.stringify(fromAccount)} returned no result for To_Account ${JSON.stringify(toAccount)}`;
    super(message);
    this.message = message;
    this.name = "MissingResultError";
    this.code = "INVALID_RESPONSE";
  }
}
