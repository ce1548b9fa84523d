import type { ResponseBody } from "../errors";
import type { EmulatorConfig } from "../options";
import * as accounts from "./accounts";
import * as blocklist from "./blocklist";
import { noItemFaults, StoreCore, type ItemFaults, type RequestBody, type StateChange } from "./core";
import * as friends from "./friends";
import * as groups from "./groups";
import * as profiles from "./profiles";
import { isValidUserId } from "./rules";
import { fromSnapshot, toSnapshot, type StateSnapshot } from "./state";

export type { ItemFaults, RequestBody, StateChange } from "./core";
export type { StateSnapshot, AccountSnapshot, FriendEntry, PendingRequest, Sequences } from "./state";
import type { SeedAccount } from "../state-types";

export type { SeedAccount };

/**
 * The emulator's state and rules (the Azurite/moto "store"): one app's accounts, friend lists, lists, blocklists
 * and profiles. Each method is one command, applied atomically (docs/concurrency.md#what-the-client-and-emulator-do);
 * per-item outcomes are returned, whole-request failures thrown as ServiceError. HTTP, auth, rate limits, faults
 * and concurrency live outside it.
 */
export class EmulatorStore {
  private readonly core: StoreCore;

  constructor(config: EmulatorConfig) {
    this.core = new StoreCore(config);
  }

  /** What changed since the last call (accounts, or the whole state), for the state log; undefined if nothing. */
  takeChanges(): StateChange | undefined {
    return this.core.takeChanges();
  }

  get accountCount(): number {
    return this.core.accounts.size;
  }

  hasAccount(userId: string): boolean {
    return this.core.accounts.has(userId);
  }

  /** The whole state as plain JSON: the state dump and the persisted file format. */
  snapshot(): StateSnapshot {
    return toSnapshot(this.core.config.sdkAppId, this.core.accounts);
  }

  /** Replaces the whole state; throws a TypeError if the snapshot is malformed (the old state is kept). */
  restore(snapshot: unknown): void {
    this.core.accounts = fromSnapshot(snapshot);
    this.core.replacedAll();
  }

  reset(): void {
    this.core.accounts = new Map();
    this.core.replacedAll();
  }

  /** Imports accounts directly (the `POST /_emulator/accounts` control route); returns the ids refused. */
  seedAccounts(seeds: Array<string | SeedAccount>): string[] {
    const refused: string[] = [];
    for (const seed of seeds) {
      const s: SeedAccount = typeof seed === "string" ? { userId: seed } : seed;
      const account = isValidUserId(s.userId) ? this.core.importAccount(s.userId) : undefined;
      if (!account) {
        refused.push(String(s.userId));
        continue;
      }
      if (s.nick !== undefined) account.profile.set("Tag_Profile_IM_Nick", s.nick);
      if (s.allowType !== undefined) account.profile.set("Tag_Profile_IM_AllowType", s.allowType);
      this.core.changed(account);
    }
    return refused;
  }

  // Accounts (docs/rest-api.md#account_import to #account_check).
  accountImport(req: RequestBody<"accountImport">): ResponseBody {
    return accounts.accountImport(this.core, req);
  }
  multiaccountImport(req: RequestBody<"multiaccountImport">): ResponseBody {
    return accounts.multiaccountImport(this.core, req);
  }
  accountCheck(req: RequestBody<"accountCheck">): ResponseBody {
    return accounts.accountCheck(this.core, req);
  }
  accountDelete(req: RequestBody<"accountDelete">, faults: ItemFaults = noItemFaults): ResponseBody {
    return accounts.accountDelete(this.core, req, faults);
  }

  // Friends (docs/rest-api.md#friend_add to #friend_get_list).
  friendAdd(req: RequestBody<"friendAdd">, faults: ItemFaults = noItemFaults): ResponseBody {
    return friends.friendAdd(this.core, req, faults);
  }
  friendImport(req: RequestBody<"friendImport">, faults: ItemFaults = noItemFaults): ResponseBody {
    return friends.friendImport(this.core, req, faults);
  }
  friendUpdate(req: RequestBody<"friendUpdate">, faults: ItemFaults = noItemFaults): ResponseBody {
    return friends.friendUpdate(this.core, req, faults);
  }
  friendDelete(req: RequestBody<"friendDelete">, faults: ItemFaults = noItemFaults): ResponseBody {
    return friends.friendDelete(this.core, req, faults);
  }
  friendDeleteAll(req: RequestBody<"friendDeleteAll">): ResponseBody {
    return friends.friendDeleteAll(this.core, req);
  }
  friendCheck(req: RequestBody<"friendCheck">, faults: ItemFaults = noItemFaults): ResponseBody {
    return friends.friendCheck(this.core, req, faults);
  }
  friendGet(req: RequestBody<"friendGet">): ResponseBody {
    return friends.friendGet(this.core, req);
  }
  friendGetList(req: RequestBody<"friendGetList">, faults: ItemFaults = noItemFaults): ResponseBody {
    return friends.friendGetList(this.core, req, faults);
  }

  // Friend lists (docs/rest-api.md#group_add to #group_get).
  groupAdd(req: RequestBody<"groupAdd">, faults: ItemFaults = noItemFaults): ResponseBody {
    return groups.groupAdd(this.core, req, faults);
  }
  groupDelete(req: RequestBody<"groupDelete">): ResponseBody {
    return groups.groupDelete(this.core, req);
  }
  groupGet(req: RequestBody<"groupGet">): ResponseBody {
    return groups.groupGet(this.core, req);
  }

  // Blocklist (docs/rest-api.md#black_list_add to #black_list_check).
  blackListAdd(req: RequestBody<"blackListAdd">, faults: ItemFaults = noItemFaults): ResponseBody {
    return blocklist.blackListAdd(this.core, req, faults);
  }
  blackListDelete(req: RequestBody<"blackListDelete">, faults: ItemFaults = noItemFaults): ResponseBody {
    return blocklist.blackListDelete(this.core, req, faults);
  }
  blackListGet(req: RequestBody<"blackListGet">): ResponseBody {
    return blocklist.blackListGet(this.core, req);
  }
  blackListCheck(req: RequestBody<"blackListCheck">, faults: ItemFaults = noItemFaults): ResponseBody {
    return blocklist.blackListCheck(this.core, req, faults);
  }

  // Profiles (docs/rest-api.md#portrait_set, #portrait_get).
  portraitSet(req: RequestBody<"portraitSet">): ResponseBody {
    return profiles.portraitSet(this.core, req);
  }
  portraitGet(req: RequestBody<"portraitGet">, faults: ItemFaults = noItemFaults): ResponseBody {
    return profiles.portraitGet(this.core, req, faults);
  }

  /** Users whose chains a friend_delete_all with Both also writes (for write-conflict detection). */
  friendDeleteAllPeers(req: RequestBody<"friendDeleteAll">): string[] {
    return friends.friendDeleteAllPeers(this.core, req);
  }

  /** Users whose chains an account_delete writes (for write-conflict detection). */
  accountDeleteTouches(req: RequestBody<"accountDelete">): string[] {
    return accounts.accountDeleteTouches(this.core, req);
  }
}
