import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { type Clock, systemClock } from "../clock";
import {
  Limits,
  type AccountCheckItem,
  type AccountDeleteItem,
  type CommandDescriptor,
  type DeleteType,
  type FriendDataItem,
  type FriendImportItem,
  type FriendInfoItem,
  type FriendUpdateItem,
  type RequestOf,
  type ResponseOf,
  type ResultItem,
  type TagItem,
  type UserProfileItem,
  catalog,
} from "../commands";
import type { ClientConfig } from "../config/client-config";
import { ChatRequestError, ErrorCodes } from "../errors";
import { createUserSigSource, type UserSigSource } from "../signing/sign";
import { type Attempt, interpretAnswer } from "./attempt";
import { chunkWithin, matchResults } from "./batch";
import { classifyServiceCode, isRetryableItemCode } from "./classify";
import { RateLimiter } from "./rate-limiter";
import { redactUrl } from "./redact";
import { RetryBudget, type RetryPolicy, sleep } from "./retry";
import { Semaphore } from "./semaphore";
import { type Dispatcher, Transport } from "./transport";

/**
 * The bytes a batch's items may take: the service's body limit less room for the request's other fields (at most an
 * account ID and a few names, far below this).
 */
const ITEM_BYTES_BUDGET = Limits.requestBodyMaxBytes - 16 * 1024;

export interface ChatClientDeps {
  /** Time for the rate limiter, the retry budget and UserSig renewal. Default: the system clock. */
  clock?: Clock;
  /** An undici dispatcher to send through instead of the client's own keep-alive Agent (tests: MockAgent). */
  dispatcher?: Dispatcher;
  /** Source of backoff jitter in [0, 1). Default Math.random. */
  random?: () => number;
  /** Validity of each UserSig. Default 86400 s (docs/usersig.md#generating: at least 24 h recommended). */
  userSigTtlSeconds?: number;
  /** Largest answer read. Default 32 MiB (a page of 100 friends with every tag is well under 1 MiB). */
  maxResponseBytes?: number;
}

/** Every page of one account's friend list (docs/rest-api.md#friend_get). */
export interface FriendList {
  friends: FriendDataItem[];
  friendNum: number;
}

/** A fresh random 32-bit unsigned integer per request, from the CSPRNG (docs/rest-api.md#url-and-query-parameters). */
function random32(): number {
  return randomBytes(4).readUInt32BE(0);
}

type ItemWithKey = string | Record<string, unknown>;

/**
 * The Tencent Cloud Chat REST client: signs, rate-limits, retries and validates every call.
 *
 * - `send(descriptor, body)` makes one logical call; a whole-request failure throws `ChatApiError` (the service said
 *   no) or `ChatRequestError` (no usable answer, or retries ran out: code RETRY_EXHAUSTED with the last error as
 *   `cause`). Retry policy: classify.ts and retry.ts.
 * - `sendItems(descriptor, body, items)` sends a batch command: chunks of the command's `clientLimit`, one after
 *   another (writes to one user never overlap: docs/concurrency.md#what-the-client-and-emulator-do), re-sending only
 *   items that failed with a transient per-item code, and returns one result per item, in item order. Per-item
 *   failures are returned, not thrown. If a later chunk fails as a whole, the call throws and earlier chunks stay
 *   applied.
 *
 * Holds no live object until first used, and never prints its secret key or UserSig.
 */
export class ChatClient {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly transport: Transport;
  private readonly limiter: RateLimiter;
  private readonly slots: Semaphore;
  private readonly userSig: UserSigSource;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly config: ClientConfig,
    deps: ChatClientDeps = {},
  ) {
    this.clock = deps.clock ?? systemClock();
    this.random = deps.random ?? Math.random;
    this.transport = new Transport({
      requestTimeoutMs: config.requestTimeoutMs,
      maxConnections: config.maxConcurrency,
      dispatcher: deps.dispatcher,
      maxResponseBytes: deps.maxResponseBytes ?? 32 * 1024 * 1024,
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

  [inspect.custom](): string {
    return this.toString();
  }

  /** One logical call, retried per the policy; resolves with the parsed answer or throws. */
  async send<D extends CommandDescriptor>(descriptor: D, body: RequestOf<D>): Promise<ResponseOf<D>> {
    const checked = descriptor.request.safeParse(body);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ChatRequestError(
        ErrorCodes.INVALID_REQUEST,
        `${descriptor.command}: the request does not match the command's schema: ${issue.path.join(".") || "(body)"}: ${issue.message}`,
        { command: descriptor.command, retryable: false, outcomeUnknown: false },
      );
    }
    if (this.transport.isClosed) {
      throw new ChatRequestError(ErrorCodes.CONNECTION, `${descriptor.command}: the client is closed`, {
        command: descriptor.command,
        retryable: false,
        outcomeUnknown: false,
      });
    }
    const text = JSON.stringify(body);
    const budget = new RetryBudget(this.policy, this.clock, this.random);
    for (;;) {
      const attempt = await this.attempt<ResponseOf<D>>(descriptor, text);
      if (attempt.ok) return attempt.response;
      const decision = budget.decide(attempt.verdict);
      if (decision.action === "resign") {
        // 70001 and 70052: sign again, then retry once (docs/error-codes.md#retry-advice).
        this.userSig.invalidate();
        continue;
      }
      if (decision.action === "retry") {
        await sleep(decision.delayMs);
        continue;
      }
      if (decision.exhausted) {
        throw new ChatRequestError(
          ErrorCodes.RETRY_EXHAUSTED,
          `${descriptor.command}: gave up after ${budget.sent} attempts: ${attempt.error.message}`,
          {
            command: descriptor.command,
            retryable: true,
            outcomeUnknown: attempt.verdict.outcomeUnknown,
            attempts: budget.sent,
            cause: attempt.error,
          },
        );
      }
      throw attempt.error;
    }
  }

  /** Sends once and interprets what came back. */
  private async attempt<T>(descriptor: CommandDescriptor, body: string): Promise<Attempt<T>> {
    // The rate grant comes first, then a concurrency slot: a command held back by its rate does not occupy slots
    // other commands could use. The limiter counts the call from its grant to its answer (rate-limiter.ts).
    const release = await this.limiter.acquire(descriptor.command, descriptor.rateLimit);
    const { outcome, userSig, url } = await this.slots
      .run(async () => {
        const userSig = this.userSig.current();
        const url = this.urlFor(descriptor, userSig);
        return { outcome: await this.transport.post(url, body), userSig, url: redactUrl(url.toString()) };
      })
      .finally(release);
    return interpretAnswer<T>(outcome, { descriptor, url, secrets: [this.config.secretKey.reveal(), userSig] });
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

  /**
   * A batch command with per-item results: `body` holds the request's other fields, `items` go into the batch field.
   * Returns one result per item, in item order, matched by the item's key (the service does not promise order).
   * Items whose per-item code is transient are re-sent (docs/concurrency.md#write-conflicts-30008: such an item
   * was not applied, so this is safe even for writes that are not retry-safe).
   */
  async sendItems<D extends CommandDescriptor, Item extends ItemWithKey, Result extends { ResultCode: number }>(
    descriptor: D,
    body: Record<string, unknown>,
    items: readonly Item[],
  ): Promise<Result[]> {
    const rule = descriptor.batch;
    if (!rule?.results) throw new TypeError(`${descriptor.command} has no per-item results`);
    const { field, key } = rule.results;
    const keyOf = (item: ItemWithKey): string => (typeof item === "string" ? item : String(item[key]));
    const out: Result[] = new Array(items.length);
    for (const chunkIndices of chunkWithin(
      items.map((_, i) => i),
      rule.clientLimit,
      ITEM_BYTES_BUDGET,
      (i) => items[i],
    )) {
      let pending = chunkIndices;
      const budget = new RetryBudget(this.policy, this.clock, this.random);
      for (;;) {
        const request = { ...body, [rule.field]: pending.map((i) => items[i]) } as RequestOf<D>;
        const response = (await this.send(descriptor, request)) as Record<string, unknown>;
        const keys = pending.map((i) => keyOf(items[i]));
        const results = (response[field] ?? []) as Array<Record<string, unknown>>;
        const matched = matchResults(keys, results, (r) => String(r[key]));
        const missing = keys.filter((_, j) => matched[j] === undefined);
        if (missing.length > 0) {
          throw new ChatRequestError(
            ErrorCodes.INVALID_RESPONSE,
            `${descriptor.command}: the answer has no result for ${missing.length} of ${keys.length} items (first: ${JSON.stringify(missing[0])})`,
            { command: descriptor.command, retryable: false, outcomeUnknown: !descriptor.retrySafe, httpStatus: 200 },
          );
        }
        pending.forEach((index, j) => {
          out[index] = matched[j] as unknown as Result;
        });
        const failed = pending.filter((index) => isRetryableItemCode(out[index].ResultCode));
        if (failed.length === 0) break;
        const throttled = failed.some((index) => classifyServiceCode(out[index].ResultCode) === "throttled");
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

  /** A batch command answered as a whole: one call per chunk of `clientLimit` items, one after another. */
  async sendChunks<D extends CommandDescriptor>(
    descriptor: D,
    body: Record<string, unknown>,
    items: readonly unknown[],
  ): Promise<Array<ResponseOf<D>>> {
    const rule = descriptor.batch;
    if (!rule) throw new TypeError(`${descriptor.command} is not a batch command`);
    const responses: Array<ResponseOf<D>> = [];
    for (const part of chunkWithin(items, rule.clientLimit, ITEM_BYTES_BUDGET, (item) => item)) {
      responses.push(await this.send(descriptor, { ...body, [rule.field]: part } as RequestOf<D>));
    }
    return responses;
  }

  friendImport(from: string, items: readonly FriendImportItem[]): Promise<ResultItem[]> {
    return this.sendItems(catalog.friendImport, { From_Account: from }, items);
  }

  friendUpdate(from: string, items: readonly FriendUpdateItem[]): Promise<ResultItem[]> {
    return this.sendItems(catalog.friendUpdate, { From_Account: from }, items);
  }

  friendDelete(from: string, toAccounts: readonly string[], deleteType?: DeleteType): Promise<ResultItem[]> {
    return this.sendItems(
      catalog.friendDelete,
      { From_Account: from, ...(deleteType ? { DeleteType: deleteType } : {}) },
      toAccounts,
    );
  }

  /** friend and profile fields of the given friends (docs/rest-api.md#friend_get_list). */
  friendGetList(from: string, toAccounts: readonly string[], tagList: readonly string[]): Promise<FriendInfoItem[]> {
    return this.sendItems(catalog.friendGetList, { From_Account: from, TagList: [...tagList] }, toAccounts);
  }

  /** Every page of `from`'s friend list, until CompleteFlag (docs/rest-api.md#friend_get). */
  async friendGetAll(from: string): Promise<FriendList> {
    const friends: FriendDataItem[] = [];
    let startIndex = 0;
    for (;;) {
      const page = await this.send(catalog.friendGet, {
        From_Account: from,
        StartIndex: startIndex,
        StandardSequence: 0,
        CustomSequence: 0,
      });
      friends.push(...page.UserDataItem);
      if (page.CompleteFlag !== 0) return { friends, friendNum: page.FriendNum };
      if (page.NextStartIndex <= startIndex) {
        throw new ChatRequestError(
          ErrorCodes.INVALID_RESPONSE,
          `friend_get: NextStartIndex ${page.NextStartIndex} does not advance past StartIndex ${startIndex} while CompleteFlag is 0`,
          { command: "friend_get", retryable: false, outcomeUnknown: false, httpStatus: 200 },
        );
      }
      startIndex = page.NextStartIndex;
    }
  }

  /** account_import: idempotent (docs/rest-api.md#account_import). */
  async accountImport(userId: string, fields: { nick?: string; faceUrl?: string } = {}): Promise<void> {
    await this.send(catalog.accountImport, {
      UserID: userId,
      ...(fields.nick !== undefined ? { Nick: fields.nick } : {}),
      ...(fields.faceUrl !== undefined ? { FaceUrl: fields.faceUrl } : {}),
    });
  }

  /** multiaccount_import in chunks of 100; returns the accounts that failed to import. */
  async multiaccountImport(userIds: readonly string[]): Promise<string[]> {
    const responses = await this.sendChunks(catalog.multiaccountImport, {}, userIds);
    return responses.flatMap((r) => r.FailAccounts ?? []);
  }

  /** account_check: an unknown account is `NotImported` with ResultCode 0 (docs/rest-api.md#account_check). */
  accountCheck(userIds: readonly string[]): Promise<AccountCheckItem[]> {
    return this.sendItems(
      catalog.accountCheck,
      {},
      userIds.map((UserID) => ({ UserID })),
    );
  }

  /** account_delete: only apps on the trial plan may delete (71000 otherwise; docs/rest-api.md#account_delete). */
  accountDelete(userIds: readonly string[]): Promise<AccountDeleteItem[]> {
    return this.sendItems(
      catalog.accountDelete,
      {},
      userIds.map((UserID) => ({ UserID })),
    );
  }

  async portraitSet(from: string, items: readonly TagItem[]): Promise<void> {
    await this.send(catalog.portraitSet, { From_Account: from, ProfileItem: [...items] });
  }

  /** portrait_get: every account must be imported or the whole request fails (docs/rest-api.md#portrait_get). */
  portraitGet(toAccounts: readonly string[], tagList: readonly string[]): Promise<UserProfileItem[]> {
    return this.sendItems(catalog.portraitGet, { TagList: [...tagList] }, toAccounts);
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.transport.close();
  }
}
