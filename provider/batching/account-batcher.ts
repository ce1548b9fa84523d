import { type AccountCheckItem, type UserProfileItem, catalog, clientLimit } from "../commands";
import type { ChatClient } from "../client/client";
import { ItemFailedError } from "../errors";
import { Coalescer, type Outcome } from "./coalescer";

/**
 * Merges the account operations of many Account resources into few requests within the service's batch limits
 * (100 accounts per account_check, multiaccount_import, account_delete and portrait_get: docs/rest-api.md#commands).
 * Account commands act on the app, not on one user, so there is one lane for reads and one for writes.
 */
type ReadOp =
  { command: "account_check"; userId: string } | { command: "portrait_get"; userId: string; tags: string[] };
type WriteOp = { command: "multiaccount_import" | "account_delete"; userId: string };

const READS = "account-reads";
const WRITES = "account-writes";

export class AccountBatcher {
  private readonly reads: Coalescer<ReadOp, AccountCheckItem | UserProfileItem>;
  private readonly writes: Coalescer<WriteOp, true>;

  constructor(client: ChatClient, options: { windowMs?: number; maxWaitMs?: number } = {}) {
    const limits: Record<string, number> = {
      account_check: clientLimit(catalog.accountCheck),
      portrait_get: clientLimit(catalog.portraitGet),
      multiaccount_import: clientLimit(catalog.multiaccountImport),
      account_delete: clientLimit(catalog.accountDelete),
    };
    this.reads = new Coalescer<ReadOp, AccountCheckItem | UserProfileItem>({
      ...options,
      groupOf: (op) => (op.command === "portrait_get" ? `portrait_get\n${[...op.tags].sort().join(",")}` : op.command),
      maxBatch: (group) => limits[group.split("\n")[0]],
      dedupeKey: (op) => op.userId,
      run: async (_lane, group, ops) => {
        const ids = ops.map((op) => op.userId);
        if (group === "account_check")
          return (await client.accountCheck(ids)).map((r, i) => judged("account_check", ids[i], r));
        const tags = (ops[0] as Extract<ReadOp, { command: "portrait_get" }>).tags;
        return (await client.portraitGet(ids, tags)).map((r, i) => judged("portrait_get", ids[i], r));
      },
    });
    this.writes = new Coalescer<WriteOp, true>({
      ...options,
      groupOf: (op) => op.command,
      maxBatch: (group) => limits[group],
      dedupeKey: (op) => op.userId,
      run: async (_lane, group, ops) => {
        const ids = ops.map((op) => op.userId);
        if (group === "account_delete") {
          return (await client.accountDelete(ids)).map((r, i): Outcome<true> => {
            const outcome = judged("account_delete", ids[i], r);
            return outcome.ok ? { ok: true, value: true } : outcome;
          });
        }
        const failed = new Set(await client.multiaccountImport(ids));
        return ids.map((id): Outcome<true> =>
          failed.has(id) ? { ok: false, error: new ImportRefused(id) } : { ok: true, value: true },
        );
      },
    });
  }

  /** Whether the account is imported (account_check: an unknown account is NotImported with ResultCode 0). */
  async exists(userId: string): Promise<boolean> {
    const item = (await this.reads.submit(READS, { command: "account_check", userId })) as AccountCheckItem;
    return item.AccountStatus === "Imported";
  }

  /** The account's values of `tags` as portrait_get reports them. */
  async profile(userId: string, tags: string[]): Promise<UserProfileItem["ProfileItem"]> {
    if (tags.length === 0) return [];
    const item = (await this.reads.submit(READS, { command: "portrait_get", userId, tags })) as UserProfileItem;
    return item.ProfileItem;
  }

  /** Imports the account (multiaccount_import; importing an existing account is not an error). */
  async importAccount(userId: string): Promise<void> {
    await this.writes.submit(WRITES, { command: "multiaccount_import", userId });
  }

  async deleteAccount(userId: string): Promise<void> {
    await this.writes.submit(WRITES, { command: "account_delete", userId });
  }
}

/** multiaccount_import lists the accounts it refused, without a reason. */
export class ImportRefused extends ItemFailedError {
  constructor(userId: string) {
    super("multiaccount_import", userId, userId, -1, "listed in FailAccounts");
  }
}

function judged<R extends { ResultCode: number; ResultInfo: string }>(
  command: string,
  id: string,
  result: R,
): Outcome<R> {
  return result.ResultCode === 0
    ? { ok: true, value: result }
    : { ok: false, error: new ItemFailedError(command, id, id, result.ResultCode, result.ResultInfo) };
}
