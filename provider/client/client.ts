import { randomBytes } from "node:crypto";
import { type Clock, systemClock } from "../clock";
import {
  type CommandCatalog,
  type CommandDescriptor,
  type RequestOf,
  type ResponseOf,
  type ResultItem,
  type TagItem,
  catalog,
} from "../commands";
import { type UserSigSource, createUserSigSource } from "../signing/sign";
import { chunk, matchResults } from "./batch";
import { type Failure, type Verdict, classify, classifyServiceCode, isRetryableItemCode } from "./classify";
import type { ClientConfig } from "./config";
import { ChatApiError, ChatClientError } from "./errors";
import { RateLimiter } from "./rate-limiter";
import { inspectSymbol, redactText, redactUrl } from "./redact";
import { RetryBudget, type RetryPolicy, sleep } from "./retry";
import { Semaphore } from "./semaphore";
import { type Dispatcher, Transport } from "./transport";

type Catalog = CommandCatalog;
type Res<K extends keyof Catalog> = ResponseOf<Catalog[K]>;
type Req<K extends keyof Catalog> = RequestOf<Catalog[K]>;

export type FriendAddItem = Req<"friendAdd">["AddFriendItem"][number];
export type FriendImportItem = Req<"friendImport">["AddFriendItem"][number];
export type FriendUpdateItem = Req<"friendUpdate">["UpdateItem"][number];
export type CheckItem = Res<"friendCheck">["InfoItem"][number];
export type FriendInfoItem = Res<"friendGetList">["InfoItem"][number];
export type FriendDataItem = Res<"friendGet">["UserDataItem"][number];
export type GroupItem = Res<"groupGet">["ResultItem"][number];
export type BlackListItem = Res<"blackListGet">["BlackListItem"][number];
export type BlackListCheckItem = Res<"blackListCheck">["BlackListCheckItem"][number];
export type UserProfileItem = Res<"portraitGet">["UserProfileItem"][number];
export type AccountCheckItem = Res<"accountCheck">["ResultItem"][number];
export type AccountDeleteItem = Res<"accountDelete">["ResultItem"][number];
export type { ResultItem, TagItem };

export type AddType = "Add_Type_Both" | "Add_Type_Single";
export type DeleteType = "Delete_Type_Single" | "Delete_Type_Both";
export type CheckType = "CheckResult_Type_Single" | "CheckResult_Type_Both";
export type BlackCheckType = "BlackCheckResult_Type_Single" | "BlackCheckResult_Type_Both";

export interface FriendAddOptions {
  /** Default `Add_Type_Both` (the service's default, spec §4.5). */
  addType?: AddType;
  /** Admin force-add: skip the target's AllowType (ForceAddFlags=1). Default false. */
  force?: boolean;
}

export interface FriendList {
  friends: FriendDataItem[];
  friendNum: number;
  standardSequence: number;
  customSequence: number;
}

export interface ChatClientDeps {
  /** Time for the rate limiter, the retry budget and UserSig renewal. Default: the system clock. */
  clock?: Clock;
  /** An undici dispatcher to send through instead of the client's own keep-alive Agent (tests: MockAgent). */
  dispatcher?: Dispatcher;
  /** Source of backoff jitter in [0, 1). Default Math.random. */
  random?: () => number;
  /** Validity of each UserSig. Default 86400 s (spec §2.1: at least 24 h recommended); tests shorten it. */
  userSigTtlSeconds?: number;
}

/** What one request produced: the parsed body, or a failure with its verdict and the error to surface. */
type Attempt<T> = { ok: true; response: T } | { ok: false; verdict: Verdict; error: ChatApiError | ChatClientError };

/** Spec §1.1: a fresh random 32-bit unsigned integer per request, from the CSPRNG. */
function random32(): number {
  return randomBytes(4).readUInt32BE(0);
}

/** Items per request for a batch command; a command without a batch rule takes everything at once. */
function clientLimit(descriptor: CommandDescriptor, items = Number.MAX_SAFE_INTEGER): number {
  return descriptor.batch?.clientLimit ?? Math.max(1, items);
}

function snippet(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function zodSummary(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join(".") || "(body)"}: ${i.message}`)
    .join("; ");
}

/**
 * The Tencent Cloud Chat REST client: signs, rate-limits, retries and validates every call, and offers one typed
 * method per command in `provider/commands`.
 *
 * - `send(descriptor, body)` makes one logical call; a whole-request failure throws `ChatApiError` (the service said
 *   no) or `ChatClientError` (no usable answer, or retries ran out: code RETRY_EXHAUSTED with the last error as
 *   `cause`). Retry policy: see classify.ts and retry.ts.
 * - Batch methods split over-limit input at the command's `batch.clientLimit`, send the chunks one after another (so
 *   writes to one user never overlap, spec §6 rule 1), re-send only items that failed with a transient per-item code
 *   (30006, 30007, 30008, …; spec §6 rule 4), and return one result per input item, in input order. Per-item failures
 *   are returned, not thrown. If a later chunk fails as a whole, the call throws and earlier chunks stay applied.
 *
 * Holds no live object until first used, and never prints its secret key or UserSig.
 */
export class ChatClient {
  private readonly commands: Catalog;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly transport: Transport;
  private readonly limiter: RateLimiter;
  private readonly slots: Semaphore;
  private readonly userSig: UserSigSource;
  private readonly policy: RetryPolicy;
  private readonly config: ClientConfig;

  /**
   * Every field is assigned in the constructor, in this class and in the ones it uses, never by a field initializer
   * or a constructor parameter property: the client travels inside the provider through Pulumi's closure serializer,
   * which rebuilds classes from their constructor bodies and methods (test/contract/client-serialized.test.ts).
   */
  constructor(config: ClientConfig, deps: ChatClientDeps = {}) {
    this.config = config;
    this.commands = catalog;
    this.clock = deps.clock ?? systemClock();
    this.random = deps.random ?? Math.random;
    this.transport = new Transport({
      requestTimeoutMs: config.requestTimeoutMs,
      maxConnections: config.maxConcurrency,
      dispatcher: deps.dispatcher,
    });
    this.limiter = new RateLimiter({ clock: this.clock, rateLimitPerSecond: config.rateLimitPerSecond });
    this.slots = new Semaphore(config.maxConcurrency);
    this.userSig = createUserSigSource({
      sdkAppId: config.sdkAppId,
      identifier: config.adminIdentifier,
      secretKey: config.secretKey.reveal(),
      ttlSeconds: deps.userSigTtlSeconds,
      clock: this.clock,
    });
    // util.inspect's hook, set here rather than as a computed class method: Pulumi's closure serializer cannot parse
    // computed method names, and this class is serialized with the provider.
    Object.defineProperty(this, inspectSymbol(), { value: () => this.toString(), enumerable: false });
    this.policy = {
      maxAttempts: config.maxAttempts,
      maxRetryTimeMs: config.maxRetryTimeMs,
      baseDelayMs: config.retryBaseDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
    };
  }

  toString(): string {
    return `ChatClient(${this.config.endpoint}, sdkAppId ${this.config.sdkAppId}, admin ${this.config.adminIdentifier})`;
  }

  toJSON(): string {
    return this.toString();
  }

  /** The command descriptors this client speaks, built for this instance. */
  get catalog(): Catalog {
    return this.commands;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // One call
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * One logical call, retried per the policy in classify.ts. Returns the parsed response (unknown fields kept);
   * throws `ChatApiError` or `ChatClientError` when the whole request failed.
   */
  async send<D extends CommandDescriptor>(descriptor: D, body: RequestOf<D>): Promise<ResponseOf<D>> {
    const parsed = descriptor.request.safeParse(body);
    if (!parsed.success) {
      throw new ChatClientError({
        code: "INVALID_REQUEST",
        command: descriptor.command,
        message: `${descriptor.command}: request does not match the command's shape: ${zodSummary(parsed.error)}`,
      });
    }
    if (this.transport.isClosed) {
      throw new ChatClientError({
        code: "CONNECTION",
        command: descriptor.command,
        message: `${descriptor.command}: the client is closed`,
      });
    }
    const text = JSON.stringify(parsed.data);
    const budget = new RetryBudget(this.policy, this.clock, this.random);
    for (;;) {
      const attempt = await this.attempt<ResponseOf<D>>(descriptor, text);
      if (attempt.ok) return attempt.response;
      const decision = budget.decide(attempt.verdict);
      if (decision.action === "resign") {
        // Spec §3.2, 70001: regenerate the sig, then retry once.
        this.userSig.invalidate();
        continue;
      }
      if (decision.action === "retry") {
        await sleep(decision.delayMs);
        continue;
      }
      if (decision.exhausted) {
        throw new ChatClientError({
          code: "RETRY_EXHAUSTED",
          command: descriptor.command,
          message: `${descriptor.command}: gave up after ${budget.sent} attempts: ${attempt.error.message}`,
          retryable: true,
          outcomeUnknown: attempt.verdict.outcomeUnknown,
          attempts: budget.sent,
          cause: attempt.error,
        });
      }
      throw attempt.error;
    }
  }

  private urlFor(descriptor: CommandDescriptor, userSig: string): URL {
    const url = new URL(`${this.config.endpoint}/${descriptor.path}`);
    url.searchParams.set("sdkappid", String(this.config.sdkAppId));
    url.searchParams.set("identifier", this.config.adminIdentifier);
    url.searchParams.set("usersig", userSig);
    url.searchParams.set("random", String(random32()));
    url.searchParams.set("contenttype", "json");
    return url;
  }

  /** Send once and turn whatever came back into a parsed response or a classified failure. */
  private async attempt<T>(descriptor: CommandDescriptor, body: string): Promise<Attempt<T>> {
    const command = descriptor.command;
    const retrySafe = descriptor.retrySafe;
    // The rate grant comes first, then a concurrency slot: a command held back by its rate does not occupy slots
    // other commands could use. The limiter counts the call from its grant to its answer (rate-limiter.ts), so time
    // spent waiting for a slot only makes it more conservative.
    const release = await this.limiter.acquire(command, descriptor.rateLimit);
    const result = await this.slots
      .run(async () => {
        const userSig = this.userSig.current();
        const url = this.urlFor(descriptor, userSig);
        const outcome = await this.transport.post(url, body);
        return { outcome, userSig, url: redactUrl(url.toString()) };
      })
      .finally(release);
    const { outcome, url } = result;
    const clean = (text: string) => redactText(text, [this.config.secretKey.reveal(), result.userSig]);

    const fail = (failure: Failure, make: (v: Verdict) => ChatApiError | ChatClientError): Attempt<T> => {
      const verdict = classify(failure, retrySafe);
      return { ok: false, verdict, error: make(verdict) };
    };

    if (!outcome.ok) {
      const failure: Failure = { kind: outcome.kind, sent: outcome.sent };
      return fail(
        failure,
        (v) =>
          new ChatClientError({
            code: outcome.kind === "timeout" ? "TIMEOUT" : "CONNECTION",
            command,
            message: `${command}: ${clean(outcome.message)}${outcome.errorCode ? ` (${outcome.errorCode})` : ""}${
              v.outcomeUnknown && !retrySafe ? "; the request may have been applied, re-read before repeating it" : ""
            }`,
            retryable: v.retryable,
            outcomeUnknown: v.outcomeUnknown,
            url,
          }),
      );
    }
    if (outcome.status !== 200) {
      return fail(
        { kind: "http-status", status: outcome.status },
        (v) =>
          new ChatClientError({
            code: "HTTP_STATUS",
            command,
            message: `${command}: HTTP ${outcome.status}${outcome.text ? `: ${clean(snippet(outcome.text))}` : ""}`,
            retryable: v.retryable,
            outcomeUnknown: v.outcomeUnknown,
            httpStatus: outcome.status,
            url,
          }),
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(outcome.text);
    } catch {
      return fail(
        { kind: "invalid-response", json: false },
        (v) =>
          new ChatClientError({
            code: "INVALID_RESPONSE",
            command,
            message: `${command}: expected a JSON body, got ${outcome.text ? JSON.stringify(clean(snippet(outcome.text))) : "an empty body"}`,
            retryable: v.retryable,
            outcomeUnknown: v.outcomeUnknown,
            httpStatus: 200,
            url,
          }),
      );
    }
    const invalid = (detail: string) =>
      fail(
        { kind: "invalid-response", json: true },
        (v) =>
          new ChatClientError({
            code: "INVALID_RESPONSE",
            command,
            message: `${command}: unexpected response: ${clean(detail)}`,
            retryable: v.retryable,
            outcomeUnknown: v.outcomeUnknown,
            httpStatus: 200,
            url,
          }),
      );
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return invalid(`expected a JSON object, got ${snippet(JSON.stringify(json))}`);
    }
    // Spec §1.4 level 1: a refused request carries no per-item arrays, so check the envelope before the full schema.
    const envelope = json as {
      ActionStatus?: unknown;
      ErrorCode?: unknown;
      ErrorInfo?: unknown;
      ErrorDisplay?: unknown;
    };
    const errorCode = Number(envelope.ErrorCode ?? 0);
    if (!Number.isFinite(errorCode))
      return invalid(`ErrorCode: expected a number, got ${snippet(JSON.stringify(envelope.ErrorCode))}`);
    if (errorCode !== 0 || envelope.ActionStatus === "FAIL") {
      return fail(
        { kind: "service", errorCode },
        (v) =>
          new ChatApiError({
            command,
            errorCode,
            errorInfo: typeof envelope.ErrorInfo === "string" ? clean(envelope.ErrorInfo) : "",
            errorDisplay: typeof envelope.ErrorDisplay === "string" ? clean(envelope.ErrorDisplay) : undefined,
            httpStatus: 200,
            retryable: v.retryable,
            outcomeUnknown: v.outcomeUnknown,
            url,
          }),
      );
    }
    const parsed = descriptor.response.safeParse(json);
    if (!parsed.success) return invalid(zodSummary(parsed.error));
    return { ok: true, response: parsed.data as T };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Batches
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Send `items` in chunks of the command's client limit, re-sending only items whose per-item code is transient
   * (spec §6 rule 4; such an item was not applied, so this is safe even for friend_add), and return one result per
   * item in input order.
   */
  private async sendItems<D extends CommandDescriptor, Item, Result>(spec: {
    descriptor: D;
    items: readonly Item[];
    keyOfItem: (item: Item) => string;
    body: (items: Item[]) => RequestOf<D>;
    results: (response: ResponseOf<D>) => readonly Result[];
    keyOfResult: (result: Result) => string;
    codeOfResult: (result: Result) => number;
  }): Promise<Result[]> {
    const { descriptor } = spec;
    const out: Result[] = new Array(spec.items.length);
    const limit = clientLimit(descriptor, spec.items.length);
    const indices = spec.items.map((_, i) => i);
    for (const chunkIndices of chunk(indices, limit)) {
      let pending = chunkIndices;
      const budget = new RetryBudget(this.policy, this.clock, this.random);
      for (;;) {
        const response = await this.send(descriptor, spec.body(pending.map((i) => spec.items[i])));
        const keys = pending.map((i) => spec.keyOfItem(spec.items[i]));
        const matched = matchResults(keys, spec.results(response), spec.keyOfResult);
        const missing = keys.filter((_, j) => matched[j] === undefined);
        if (missing.length > 0) {
          throw new ChatClientError({
            code: "INVALID_RESPONSE",
            command: descriptor.command,
            message: `${descriptor.command}: the response has no result for ${missing.length} of ${keys.length} items (first: ${JSON.stringify(missing[0])})`,
            httpStatus: 200,
          });
        }
        pending.forEach((index, j) => {
          out[index] = matched[j] as Result;
        });
        const failed = pending.filter((index) => isRetryableItemCode(spec.codeOfResult(out[index])));
        if (failed.length === 0) break;
        const throttled = failed.some((index) => classifyServiceCode(spec.codeOfResult(out[index])) === "throttled");
        const decision = budget.decide({
          class: throttled ? "throttled" : "transient",
          retry: true,
          retryable: true,
          outcomeUnknown: false,
        });
        // Out of budget: the items keep their last per-item code, which the caller sees.
        if (decision.action !== "retry") break;
        await sleep(decision.delayMs);
        pending = failed;
      }
    }
    return out;
  }

  private sendToAccounts<D extends CommandDescriptor, Result extends { To_Account: string }>(
    descriptor: D,
    toAccounts: readonly string[],
    body: (accounts: string[]) => RequestOf<D>,
    results: (response: ResponseOf<D>) => readonly Result[],
    codeOfResult: (result: Result) => number,
  ): Promise<Result[]> {
    return this.sendItems({
      descriptor,
      items: toAccounts,
      keyOfItem: (a) => a,
      body,
      results,
      keyOfResult: (r) => r.To_Account,
      codeOfResult,
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Friends (spec §4.5–4.12)
  // ---------------------------------------------------------------------------------------------------------------

  /** friend_add: chunks of 100; per item 0, 30001 (already a friend), 30539 (pending), 30515/30516/30525, … */
  friendAdd(from: string, items: readonly FriendAddItem[], options: FriendAddOptions = {}): Promise<ResultItem[]> {
    const d = this.commands.friendAdd;
    return this.sendItems({
      descriptor: d,
      items,
      keyOfItem: (i) => i.To_Account,
      body: (chunkItems) => ({
        From_Account: from,
        AddFriendItem: chunkItems,
        ...(options.addType ? { AddType: options.addType } : {}),
        ...(options.force ? { ForceAddFlags: 1 } : {}),
      }),
      results: (r) => r.ResultItem,
      keyOfResult: (r) => r.To_Account,
      codeOfResult: (r) => r.ResultCode,
    });
  }

  /** friend_import: one-way import, chunks of 1000. */
  friendImport(from: string, items: readonly FriendImportItem[]): Promise<ResultItem[]> {
    return this.sendItems({
      descriptor: this.commands.friendImport,
      items,
      keyOfItem: (i) => i.To_Account,
      body: (chunkItems) => ({ From_Account: from, AddFriendItem: chunkItems }),
      results: (r) => r.ResultItem,
      keyOfResult: (r) => r.To_Account,
      codeOfResult: (r) => r.ResultCode,
    });
  }

  /** friend_update: chunks of 1000 (seed 000); per item 0 or 30001 (not a friend, bad tag or value), 30011, … */
  friendUpdate(from: string, items: readonly FriendUpdateItem[]): Promise<ResultItem[]> {
    return this.sendItems({
      descriptor: this.commands.friendUpdate,
      items,
      keyOfItem: (i) => i.To_Account,
      body: (chunkItems) => ({ From_Account: from, UpdateItem: chunkItems }),
      results: (r) => r.ResultItem,
      keyOfResult: (r) => r.To_Account,
      codeOfResult: (r) => r.ResultCode,
    });
  }

  /** friend_delete: chunks of 1000; per item 0 or 31704 (not a friend). Default `Delete_Type_Single` on the service. */
  friendDelete(from: string, toAccounts: readonly string[], deleteType?: DeleteType): Promise<ResultItem[]> {
    return this.sendToAccounts(
      this.commands.friendDelete,
      toAccounts,
      (accounts) => ({ From_Account: from, To_Account: accounts, ...(deleteType ? { DeleteType: deleteType } : {}) }),
      (r) => r.ResultItem,
      (r) => r.ResultCode,
    );
  }

  /** friend_delete_all: clears `from`'s whole friend list (with `Delete_Type_Both`, also the reverse entries). */
  async friendDeleteAll(from: string, deleteType?: DeleteType): Promise<void> {
    await this.send(this.commands.friendDeleteAll, {
      From_Account: from,
      ...(deleteType ? { DeleteType: deleteType } : {}),
    });
  }

  /** friend_check: the relation of `from` with each account, chunks of 1000. */
  friendCheck(from: string, toAccounts: readonly string[], checkType: CheckType): Promise<CheckItem[]> {
    return this.sendToAccounts(
      this.commands.friendCheck,
      toAccounts,
      (accounts) => ({ From_Account: from, To_Account: accounts, CheckType: checkType }),
      (r) => r.InfoItem,
      (r) => r.ResultCode,
    );
  }

  /** friend_get: every page, until CompleteFlag (spec §4.11). */
  async friendGet(from: string): Promise<FriendList> {
    const d = this.commands.friendGet;
    const friends: FriendDataItem[] = [];
    let startIndex = 0;
    for (;;) {
      const page = await this.send(d, {
        From_Account: from,
        StartIndex: startIndex,
        StandardSequence: 0,
        CustomSequence: 0,
      });
      friends.push(...page.UserDataItem);
      if (page.CompleteFlag !== 0) {
        return {
          friends,
          friendNum: page.FriendNum,
          standardSequence: page.StandardSequence,
          customSequence: page.CustomSequence,
        };
      }
      if (page.NextStartIndex <= startIndex) {
        throw new ChatClientError({
          code: "INVALID_RESPONSE",
          command: d.command,
          message: `${d.command}: NextStartIndex ${page.NextStartIndex} does not advance past StartIndex ${startIndex} while CompleteFlag is 0`,
          httpStatus: 200,
        });
      }
      startIndex = page.NextStartIndex;
    }
  }

  /** friend_get_list: friend and profile fields of the given friends, chunks of 100 (spec §4.12). */
  friendGetList(from: string, toAccounts: readonly string[], tagList: readonly string[]): Promise<FriendInfoItem[]> {
    return this.sendToAccounts(
      this.commands.friendGetList,
      toAccounts,
      (accounts) => ({ From_Account: from, To_Account: accounts, TagList: [...tagList] }),
      (r) => r.InfoItem,
      (r) => r.ResultCode,
    );
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Friend lists (spec §4.13–4.15)
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * group_add: create lists (32 names per request) and put `toAccounts` in each. Returns the last sequence and one
   * result per account: the first failure any request reported for it, else success.
   */
  async groupAdd(
    from: string,
    groupNames: readonly string[],
    toAccounts: readonly string[] = [],
  ): Promise<{ currentSequence: number; results: ResultItem[] }> {
    const d = this.commands.groupAdd;
    const byAccount = new Map<string, ResultItem>();
    let currentSequence = 0;
    for (const names of chunk(groupNames, clientLimit(d))) {
      const response = await this.send(d, {
        From_Account: from,
        GroupName: names,
        ...(toAccounts.length > 0 ? { To_Account: [...toAccounts] } : {}),
      });
      currentSequence = response.CurrentSequence;
      for (const item of response.ResultItem) {
        const seen = byAccount.get(item.To_Account);
        if (!seen || (seen.ResultCode === 0 && item.ResultCode !== 0)) byAccount.set(item.To_Account, item);
      }
    }
    const results = toAccounts.map((a) => byAccount.get(a)).filter((r): r is ResultItem => r !== undefined);
    return { currentSequence, results };
  }

  /** group_delete: delete lists (32 names per request); friends stay friends. */
  async groupDelete(from: string, groupNames: readonly string[]): Promise<{ currentSequence: number }> {
    const d = this.commands.groupDelete;
    let currentSequence = 0;
    for (const names of chunk(groupNames, clientLimit(d))) {
      currentSequence = (await this.send(d, { From_Account: from, GroupName: names })).CurrentSequence;
    }
    return { currentSequence };
  }

  /** group_get: the lists of `from`, optionally restricted to some names, optionally with their members. */
  async groupGet(
    from: string,
    options: { groupNames?: readonly string[]; needFriend?: boolean } = {},
  ): Promise<{ groups: GroupItem[]; currentSequence: number }> {
    const response = await this.send(this.commands.groupGet, {
      From_Account: from,
      ...(options.needFriend ? { NeedFriend: "Need_Friend_Type_Yes" } : {}),
      ...(options.groupNames ? { GroupName: [...options.groupNames] } : {}),
    });
    return { groups: response.ResultItem, currentSequence: response.CurrentSequence };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Blocklist (spec §4.16–4.19)
  // ---------------------------------------------------------------------------------------------------------------

  /** black_list_add: chunks of 1000; blocking a friend also ends the friendship both ways. */
  blackListAdd(from: string, toAccounts: readonly string[]): Promise<ResultItem[]> {
    return this.sendToAccounts(
      this.commands.blackListAdd,
      toAccounts,
      (a) => ({ From_Account: from, To_Account: a }),
      (r) => r.ResultItem,
      (r) => r.ResultCode,
    );
  }

  blackListDelete(from: string, toAccounts: readonly string[]): Promise<ResultItem[]> {
    return this.sendToAccounts(
      this.commands.blackListDelete,
      toAccounts,
      (a) => ({ From_Account: from, To_Account: a }),
      (r) => r.ResultItem,
      (r) => r.ResultCode,
    );
  }

  /** black_list_get: every page (`pageSize` per request, default 100) until the next StartIndex is 0. */
  async blackListGet(from: string, pageSize = 100): Promise<{ items: BlackListItem[]; sequence: number }> {
    const d = this.commands.blackListGet;
    const items: BlackListItem[] = [];
    let startIndex = 0;
    for (;;) {
      const page = await this.send(d, {
        From_Account: from,
        StartIndex: startIndex,
        MaxLimited: pageSize,
        LastSequence: 0,
      });
      items.push(...page.BlackListItem);
      // Spec §4.18: the misspelt CurruentSequence is the real field; CurrentSequence is read as a fallback.
      const sequence = page.CurruentSequence ?? page.CurrentSequence ?? 0;
      if (page.StartIndex === 0) return { items, sequence };
      if (page.StartIndex <= startIndex) {
        throw new ChatClientError({
          code: "INVALID_RESPONSE",
          command: d.command,
          message: `${d.command}: StartIndex ${page.StartIndex} does not advance past ${startIndex}`,
          httpStatus: 200,
        });
      }
      startIndex = page.StartIndex;
    }
  }

  blackListCheck(
    from: string,
    toAccounts: readonly string[],
    checkType: BlackCheckType,
  ): Promise<BlackListCheckItem[]> {
    return this.sendToAccounts(
      this.commands.blackListCheck,
      toAccounts,
      (a) => ({ From_Account: from, To_Account: a, CheckType: checkType }),
      (r) => r.BlackListCheckItem,
      (r) => r.ResultCode,
    );
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Profiles (spec §4.20–4.21)
  // ---------------------------------------------------------------------------------------------------------------

  async portraitSet(from: string, items: readonly TagItem[]): Promise<void> {
    await this.send(this.commands.portraitSet, { From_Account: from, ProfileItem: [...items] });
  }

  /** portrait_get: chunks of 100; every account must be imported or the whole request fails (40003). */
  portraitGet(toAccounts: readonly string[], tagList: readonly string[]): Promise<UserProfileItem[]> {
    return this.sendToAccounts(
      this.commands.portraitGet,
      toAccounts,
      (a) => ({ To_Account: a, TagList: [...tagList] }),
      (r) => r.UserProfileItem,
      (r) => r.ResultCode,
    );
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Accounts (spec §4.1–4.4)
  // ---------------------------------------------------------------------------------------------------------------

  /** account_import: idempotent (spec §4.1). */
  async accountImport(userId: string, nick?: string, faceUrl?: string): Promise<void> {
    await this.send(this.commands.accountImport, {
      UserID: userId,
      ...(nick !== undefined ? { Nick: nick } : {}),
      ...(faceUrl !== undefined ? { FaceUrl: faceUrl } : {}),
    });
  }

  /** multiaccount_import: chunks of 100; returns the accounts that failed to import. */
  async multiaccountImport(userIds: readonly string[]): Promise<string[]> {
    const d = this.commands.multiaccountImport;
    const failed: string[] = [];
    for (const ids of chunk(userIds, clientLimit(d))) {
      failed.push(...((await this.send(d, { Accounts: ids })).FailAccounts ?? []));
    }
    return failed;
  }

  /** account_check: chunks of 100; an unknown account is `NotImported` with ResultCode 0. */
  accountCheck(userIds: readonly string[]): Promise<AccountCheckItem[]> {
    return this.sendItems({
      descriptor: this.commands.accountCheck,
      items: userIds,
      keyOfItem: (id) => id,
      body: (ids) => ({ CheckItem: ids.map((UserID) => ({ UserID })) }),
      results: (r) => r.ResultItem,
      keyOfResult: (r) => r.UserID,
      codeOfResult: (r) => r.ResultCode,
    });
  }

  /** account_delete: chunks of 100; only apps on the trial plan may delete (71000 otherwise). */
  accountDelete(userIds: readonly string[]): Promise<AccountDeleteItem[]> {
    return this.sendItems({
      descriptor: this.commands.accountDelete,
      items: userIds,
      keyOfItem: (id) => id,
      body: (ids) => ({ DeleteItem: ids.map((UserID) => ({ UserID })) }),
      results: (r) => r.ResultItem,
      keyOfResult: (r) => r.UserID,
      codeOfResult: (r) => r.ResultCode,
    });
  }

  /** Close pooled connections. */
  async close(): Promise<void> {
    await this.transport.close();
  }
}
