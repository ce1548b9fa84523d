/**
 * The emulator's data model (spec §5) and its JSON snapshot, which is both the state dump of
 * `GET /_emulator/state` and the persisted file format.
 */

/** A custom field value: a string, or an integer for fields configured so (spec §5.2). */
export type CustomValue = string | number;

/** One entry of a user's friend list: the standard friend fields and the custom ones that are set. */
export interface FriendEntry {
  /** `Tag_SNS_IM_AddSource`, e.g. `AddSource_Type_Web`. */
  addSource: string;
  /** `Tag_SNS_IM_AddWording`; "" when unset. */
  addWording: string;
  /** `Tag_SNS_IM_AddTime`, Unix seconds. */
  addTime: number;
  /** `Tag_SNS_IM_Remark`; "" when unset. */
  remark: string;
  /** `Tag_SNS_IM_RemarkTime`, Unix seconds; 0 when never set. */
  remarkTime: number;
  /** `Tag_SNS_IM_Group`: the lists this friend is in. */
  groups: string[];
  /** `Tag_SNS_Custom_*` fields that are set, by full tag name. */
  custom: Record<string, CustomValue>;
}

/** A friend request waiting for the target's confirmation (AllowType NeedConfirm, spec §4.5). */
export interface PendingRequest {
  addSource: string;
  addWording: string;
  remark: string;
  group: string | undefined;
  time: number;
}

export interface Sequences {
  /** Changes to standard friend fields (friend_get's StandardSequence). */
  standard: number;
  /** Changes to custom friend fields (friend_get's CustomSequence). */
  custom: number;
  /** Changes to friend lists (group_* CurrentSequence). */
  group: number;
  /** Changes to the blocklist (black_list_get's CurruentSequence). */
  blacklist: number;
}

export interface Account {
  userId: string;
  importedAt: number;
  /** Standard and custom profile fields that are set, by tag. */
  profile: Map<string, CustomValue>;
  /** Friends by UserID. */
  friends: Map<string, FriendEntry>;
  /** Friend-list names, in creation order. */
  groups: string[];
  /** Blocked UserIDs and when each was blocked (Unix seconds). */
  blocklist: Map<string, number>;
  /** Requests this user sent, by target. */
  pendingOut: Map<string, PendingRequest>;
  /** Users with a request waiting for this user. */
  pendingIn: Set<string>;
  sequences: Sequences;
}

export function newAccount(userId: string, nowSeconds: number): Account {
  return {
    userId,
    importedAt: nowSeconds,
    profile: new Map(),
    friends: new Map(),
    groups: [],
    blocklist: new Map(),
    pendingOut: new Map(),
    pendingIn: new Set(),
    sequences: { standard: 0, custom: 0, group: 0, blacklist: 0 },
  };
}

export const SNAPSHOT_FORMAT = "tencent-chat-emulator/state@1";

export interface AccountSnapshot {
  importedAt: number;
  profile: Record<string, CustomValue>;
  friends: Record<string, FriendEntry>;
  groups: string[];
  blocklist: Record<string, number>;
  pendingOut: Record<string, PendingRequest>;
  sequences: Sequences;
}

export interface StateSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  sdkAppId: number;
  accounts: Record<string, AccountSnapshot>;
}

/** Plain JSON, deep-copied. Object.fromEntries defines own properties, so a UserID such as `__proto__` stays data. */
export function toSnapshot(sdkAppId: number, accounts: Map<string, Account>): StateSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    sdkAppId,
    accounts: Object.fromEntries(
      [...accounts.values()].map((a) => [
        a.userId,
        {
          importedAt: a.importedAt,
          profile: Object.fromEntries(a.profile),
          friends: Object.fromEntries([...a.friends].map(([id, f]) => [id, cloneFriend(f)])),
          groups: [...a.groups],
          blocklist: Object.fromEntries(a.blocklist),
          pendingOut: Object.fromEntries([...a.pendingOut].map(([id, p]) => [id, { ...p }])),
          sequences: { ...a.sequences },
        },
      ]),
    ),
  };
}

/** Rebuilds the accounts of a snapshot; throws a TypeError saying what is wrong with it. */
export function fromSnapshot(snapshot: unknown): Map<string, Account> {
  const s = snapshot as Partial<StateSnapshot> | null;
  if (
    typeof s !== "object" ||
    s === null ||
    s.format !== SNAPSHOT_FORMAT ||
    typeof s.accounts !== "object" ||
    s.accounts === null
  ) {
    throw new TypeError(`state snapshot: expected {format: "${SNAPSHOT_FORMAT}", accounts: {...}}`);
  }
  const accounts = new Map<string, Account>();
  for (const [userId, raw] of Object.entries(s.accounts)) {
    if (typeof raw !== "object" || raw === null)
      throw new TypeError(`state snapshot: account "${userId}" is not an object`);
    const a = raw as Partial<AccountSnapshot>;
    const account = newAccount(userId, typeof a.importedAt === "number" ? a.importedAt : 0);
    for (const [tag, value] of Object.entries(a.profile ?? {})) account.profile.set(tag, value);
    for (const [id, f] of Object.entries(a.friends ?? {})) {
      account.friends.set(id, {
        addSource: f.addSource ?? "",
        addWording: f.addWording ?? "",
        addTime: f.addTime ?? 0,
        remark: f.remark ?? "",
        remarkTime: f.remarkTime ?? 0,
        groups: [...(f.groups ?? [])],
        custom: { ...(f.custom ?? {}) },
      });
    }
    account.groups = [...(a.groups ?? [])];
    for (const [id, t] of Object.entries(a.blocklist ?? {})) account.blocklist.set(id, t);
    for (const [id, p] of Object.entries(a.pendingOut ?? {})) account.pendingOut.set(id, { ...p });
    account.sequences = { standard: 0, custom: 0, group: 0, blacklist: 0, ...a.sequences };
    accounts.set(userId, account);
  }
  // pendingIn is derived, so the two sides never disagree.
  for (const account of accounts.values()) {
    for (const target of account.pendingOut.keys()) accounts.get(target)?.pendingIn.add(account.userId);
  }
  return accounts;
}

export function cloneFriend(f: FriendEntry): FriendEntry {
  return { ...f, groups: [...f.groups], custom: { ...f.custom } };
}
