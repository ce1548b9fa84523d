import type { z } from "zod";
import type { CommandCatalog, CommandName, ErrorFamily } from "../../provider/commands";
import { ServiceError, infoWithDetail, type ItemOutcome } from "../errors";
import type { EmulatorConfig } from "../options";
import { isValidUserId } from "./rules";
import {
  accountToSnapshot,
  newAccount,
  toSnapshot,
  type Account,
  type AccountSnapshot,
  type FriendEntry,
  type StateSnapshot,
} from "./state";

/** The parsed body of a command, as its descriptor's zod schema outputs it. */
export type RequestBody<K extends CommandName> = z.output<CommandCatalog[K]["request"]>;

/** A forced per-item failure from fault injection, looked up by the item's account. */
export type ItemFaults = (toAccount: string) => ItemOutcome | undefined;

export const noItemFaults: ItemFaults = () => undefined;

/**
 * What changed since the last `takeChanges()`: accounts to write (or to delete, when they no longer exist), or the
 * whole state after a reset or a load. The unit of the state log (emulator/persistence.ts).
 */
export type StateChange = { put: Record<string, AccountSnapshot>; del: string[] } | { state: StateSnapshot };

/** The state every rule module works on, and the helpers they share. */
export class StoreCore {
  accounts = new Map<string, Account>();
  /** Accounts changed (or deleted) since the last takeChanges(). */
  private readonly dirty = new Set<string>();
  private wholeStateReplaced = false;

  constructor(readonly config: EmulatorConfig) {}

  nowSeconds(): number {
    return Math.floor(this.config.clock.now() / 1000);
  }

  get limits() {
    return this.config.limits;
  }

  /** Every rule that writes an account says so here, so the change reaches the state log before the answer. */
  changed(...accounts: Array<Account | string>): void {
    for (const a of accounts) this.dirty.add(typeof a === "string" ? a : a.userId);
  }

  /** The whole state was replaced (reset, load): the next change record carries all of it. */
  replacedAll(): void {
    this.wholeStateReplaced = true;
    this.dirty.clear();
  }

  /** The changes since the last call, as plain JSON taken now; undefined when nothing changed. */
  takeChanges(): StateChange | undefined {
    if (this.wholeStateReplaced) {
      this.wholeStateReplaced = false;
      this.dirty.clear();
      return { state: toSnapshot(this.config.sdkAppId, this.accounts) };
    }
    if (this.dirty.size === 0) return undefined;
    const put: Record<string, AccountSnapshot> = {};
    const del: string[] = [];
    for (const id of this.dirty) {
      const account = this.accounts.get(id);
      // defineProperty: a UserID such as `__proto__` stays data.
      if (account)
        Object.defineProperty(put, id, {
          value: accountToSnapshot(account),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else del.push(id);
    }
    this.dirty.clear();
    return { put, del };
  }

  account(userId: string): Account | undefined {
    return this.accounts.get(userId);
  }

  /** Creates the account if it is new; false when the app's account limit refuses it (70398). */
  importAccount(userId: string): Account | undefined {
    const existing = this.accounts.get(userId);
    if (existing) return existing;
    const max = this.limits.maxAccounts;
    if (max !== undefined && this.accounts.size >= max) return undefined;
    const account = newAccount(userId, this.nowSeconds());
    this.accounts.set(userId, account);
    this.changed(account);
    return account;
  }

  /**
   * The account a request acts for (`From_Account`). A malformed id is an invalid parameter, an unknown one
   * "account does not exist", both for the whole request (docs/rest-api.md#friend_add: From_Account not imported →
   * top-level 30003).
   */
  requireFrom(userId: string, family: ErrorFamily, field = "From_Account"): Account {
    const invalid = family === "profile" ? 40001 : family === "account" ? 70402 : 30001;
    const missing = family === "profile" ? 40003 : family === "account" ? 70107 : 30003;
    if (!isValidUserId(userId)) {
      throw new ServiceError(
        invalid,
        infoWithDetail(invalid, `${field} must be 1 to 32 bytes of printable ASCII, got ${JSON.stringify(userId)}`),
      );
    }
    const account = this.accounts.get(userId);
    if (!account)
      throw new ServiceError(missing, infoWithDetail(missing, `${field} "${userId}" is not an imported account`));
    return account;
  }

  /** Lists that would have to be created for these names. */
  missingGroups(account: Account, names: Iterable<string>): string[] {
    return [...new Set(names)].filter((n) => !account.groups.includes(n));
  }

  /**
   * Whether creating these lists keeps the user within its list limit (docs/data-model.md#per-user-limits: 32 → 30011).
   */
  groupsFit(account: Account, names: Iterable<string>): boolean {
    return account.groups.length + this.missingGroups(account, names).length <= this.limits.groupsPerUser;
  }

  /** Creates lists implicitly (docs/rest-api.md#friend_update, our choice). */
  ensureGroups(account: Account, names: Iterable<string>): void {
    const missing = this.missingGroups(account, names);
    if (missing.length === 0) return;
    account.groups.push(...missing);
    account.sequences.group++;
    this.changed(account);
  }

  newFriendEntry(fields: Partial<FriendEntry>): FriendEntry {
    return {
      addSource: "",
      addWording: "",
      addTime: this.nowSeconds(),
      remark: "",
      remarkTime: 0,
      groups: [],
      custom: {},
      ...fields,
    };
  }

  /** Removes `friendId` from `account`'s list, bumping its sequences; true if it was there. */
  removeFriend(account: Account, friendId: string): boolean {
    const entry = account.friends.get(friendId);
    if (!entry) return false;
    account.friends.delete(friendId);
    account.sequences.standard++;
    if (Object.keys(entry.custom).length > 0) account.sequences.custom++;
    this.changed(account);
    return true;
  }

  /** Drops a pending request between two users, in either direction. */
  removePending(a: Account, b: Account): void {
    if (a.pendingOut.delete(b.userId)) this.changed(a);
    a.pendingIn.delete(b.userId);
    if (b.pendingOut.delete(a.userId)) this.changed(b);
    b.pendingIn.delete(a.userId);
  }
}
