import {
  type FriendImportItem,
  type FriendInfoItem,
  type FriendUpdateItem,
  type ResultItem,
  ServiceCode,
  type TagItem,
  catalog,
  clientLimit,
} from "../commands";
import { ChatApiError, ChatRequestError, ItemFailedError } from "../errors";
import { Coalescer, type Outcome } from "./coalescer";

/**
 * Merges the friend operations of many resources on one From_Account into few requests
 * (docs/concurrency.md#write-conflicts-30008: "send one batched request rather than parallel requests"): friend_import,
 * friend_update and friend_delete through one serial lane per account (one write in flight per account, so the provider
 * never causes 30008), friend_get_list through a second lane per account (reads never conflict, and merging them saves
 * calls).
 */

export type ImportItem = FriendImportItem;

/**
 * The part of the ChatClient the batcher needs: per-item results in item order, never thrown for an item.
 */
export interface FriendApi {
  friendImport(from: string, items: ImportItem[]): Promise<ResultItem[]>;
  friendUpdate(from: string, items: FriendUpdateItem[]): Promise<ResultItem[]>;
  friendDelete(from: string, toAccounts: string[], deleteType?: "Delete_Type_Single"): Promise<ResultItem[]>;
  friendGetList(from: string, toAccounts: string[], tagList: string[]): Promise<FriendInfoItem[]>;
}

/**
 * Sends of one friend_import or friend_delete whose outcome stayed unknown before the batcher gives up. Each re-send
 * follows a read showing the previous one was not applied, so the bound only stops a service that never answers;
 * 3 was once exhausted in the fault soak (1 delete of 1,100 under 4% lost answers).
 */
const UNKNOWN_OUTCOME_SENDS = 5;
/** What a presence check reads: any one tag will do, the answer that matters is whether the friend is listed. */
const PRESENCE_TAGS = ["Tag_SNS_IM_Remark"];

/**
 * The client's verdict when a request may have been applied although no answer came back (a dropped connection,
 * a gateway 502): it never re-sends friend_import or friend_delete then (classify.ts), and leaves the re-read to us.
 */
function outcomeUnknown(error: unknown): boolean {
  return error instanceof ChatApiError || error instanceof ChatRequestError ? error.outcomeUnknown : false;
}

export type FriendLookup = { friend: true; tags: TagItem[] } | { friend: false };

type WriteOp =
  | { command: "friend_import"; toAccount: string; item: ImportItem }
  | { command: "friend_update"; toAccount: string; snsItems: TagItem[] }
  | { command: "friend_delete"; toAccount: string };

interface ReadOp {
  toAccount: string;
  tags: string[];
}

export interface FriendBatcherOptions {
  /** A lane sends once no operation arrived for this long. Default 10 ms. */
  windowMs?: number;
  /** ...or once it has collected for about this long. Default 500 ms. */
  maxWaitMs?: number;
}

export class FriendBatcher {
  private readonly writes: Coalescer<WriteOp, ResultItem>;
  private readonly reads: Coalescer<ReadOp, FriendInfoItem>;

  constructor(api: FriendApi, options: FriendBatcherOptions = {}) {
    const limits: Record<string, number> = {
      friend_import: clientLimit(catalog.friendImport),
      friend_update: clientLimit(catalog.friendUpdate),
      friend_delete: clientLimit(catalog.friendDelete),
      friend_get_list: clientLimit(catalog.friendGetList),
    };
    this.writes = new Coalescer<WriteOp, ResultItem>({
      windowMs: options.windowMs,
      maxWaitMs: options.maxWaitMs,
      groupOf: (op) => op.command,
      maxBatch: (command) => limits[command],
      dedupeKey: (op) => op.toAccount,
      run: async (from, command, ops) => {
        const tos = ops.map((op) => op.toAccount);
        let results: ResultItem[];
        if (command === "friend_import") {
          results = await api.friendImport(
            from,
            ops.map((op) => (op as Extract<WriteOp, { command: "friend_import" }>).item),
          );
        } else if (command === "friend_update") {
          results = await api.friendUpdate(
            from,
            ops.map((op) => ({
              To_Account: op.toAccount,
              SnsItem: (op as Extract<WriteOp, { command: "friend_update" }>).snsItems,
            })),
          );
        } else {
          results = await api.friendDelete(from, tos, "Delete_Type_Single");
        }
        return results.map((r, i) => judged(command, from, tos[i], r));
      },
    });
    this.reads = new Coalescer<ReadOp, FriendInfoItem>({
      windowMs: options.windowMs,
      maxWaitMs: options.maxWaitMs,
      groupOf: () => "friend_get_list",
      maxBatch: () => limits.friend_get_list,
      dedupeKey: (op) => op.toAccount,
      run: (from, _group, ops) => readBatch(api, from, ops),
    });
  }

  /** Reads the given tags of one friend; `{friend: false}` when To_Account is not in From_Account's list. */
  async lookup(fromAccount: string, toAccount: string, tags: string[]): Promise<FriendLookup> {
    try {
      const info = await this.reads.submit(fromAccount, { toAccount, tags });
      return { friend: true, tags: info.SnsProfileItem };
    } catch (error) {
      if (error instanceof ItemFailedError && error.resultCode === ServiceCode.invalidParameter)
        return { friend: false };
      throw error;
    }
  }

  /**
   * Adds To_Account to From_Account's list. The caller has found it absent (create reads first), so when the import's
   * outcome is unknown a read decides: listed now means this import took effect; absent means it did not, and it is
   * sent again (at most UNKNOWN_OUTCOME_SENDS sends in all).
   */
  async importFriend(fromAccount: string, item: ImportItem): Promise<void> {
    await this.resolvingUnknownOutcome(fromAccount, item.To_Account, true, () =>
      this.writes.submit(fromAccount, { command: "friend_import", toAccount: item.To_Account, item }),
    );
  }

  async updateFriend(fromAccount: string, toAccount: string, snsItems: TagItem[]): Promise<void> {
    if (snsItems.length === 0) return;
    await this.writes.submit(fromAccount, { command: "friend_update", toAccount, snsItems });
  }

  /** One-way delete (`Delete_Type_Single`): only From_Account's list changes, as friend_import created it. */
  async deleteFriend(fromAccount: string, toAccount: string): Promise<void> {
    await this.resolvingUnknownOutcome(fromAccount, toAccount, false, () =>
      this.writes.submit(fromAccount, { command: "friend_delete", toAccount }),
    );
  }

  /** Sends a write that is not retry-safe; after an unknown outcome, reads whether the friend is `listedWhenDone`. */
  private async resolvingUnknownOutcome(
    fromAccount: string,
    toAccount: string,
    listedWhenDone: boolean,
    send: () => Promise<unknown>,
  ): Promise<void> {
    for (let sends = 1; ; sends++) {
      try {
        await send();
        return;
      } catch (error) {
        if (!outcomeUnknown(error) || sends >= UNKNOWN_OUTCOME_SENDS) throw error;
        const found = await this.lookup(fromAccount, toAccount, PRESENCE_TAGS);
        if (found.friend === listedWhenDone) return;
      }
    }
  }
}

/** One item's result as an outcome: its value, or an ItemFailedError only its caller sees. */
function judged<R extends { ResultCode: number; ResultInfo: string }>(
  command: string,
  from: string,
  to: string,
  result: R,
): Outcome<R> {
  return result.ResultCode === 0
    ? { ok: true, value: result }
    : { ok: false, error: new ItemFailedError(command, from, to, result.ResultCode, result.ResultInfo) };
}

/**
 * One friend_get_list for several resources: the union of their tags, each caller then sees every returned tag
 * (the provider picks its own). If the merged request fails as a whole and the callers asked for different tags,
 * each set of tags is asked again on its own, so a bad tag of one resource fails only that resource.
 */
async function readBatch(api: FriendApi, from: string, ops: ReadOp[]): Promise<Array<Outcome<FriendInfoItem>>> {
  const tagsOf = (list: ReadOp[]) => [...new Set(list.flatMap((op) => op.tags))].sort();
  const ask = async (list: ReadOp[]) => {
    const infos = await api.friendGetList(
      from,
      list.map((op) => op.toAccount),
      tagsOf(list),
    );
    return infos.map((info, i) => judged("friend_get_list", from, list[i].toAccount, info));
  };
  const bySet = new Map<string, ReadOp[]>();
  for (const op of ops) {
    const key = [...new Set(op.tags)].sort().join("\n");
    bySet.set(key, [...(bySet.get(key) ?? []), op]);
  }
  try {
    return await ask(ops);
  } catch (error) {
    if (bySet.size < 2) throw error;
  }
  const outcomes = new Map<ReadOp, Outcome<FriendInfoItem>>();
  for (const list of bySet.values()) {
    try {
      (await ask(list)).forEach((outcome, i) => outcomes.set(list[i], outcome));
    } catch (error) {
      for (const op of list) outcomes.set(op, { ok: false, error });
    }
  }
  return ops.map((op) => outcomes.get(op)!);
}
