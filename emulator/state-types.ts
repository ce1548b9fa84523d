/**
 * The shapes of the emulator's state as it is dumped, loaded and kept in its state file, and of the accounts it can
 * be seeded with. Written out rather than inferred from the schema (store/state.ts checks that both agree), so the
 * published types do not depend on zod.
 */

/** A custom field value: a string, or an integer for fields configured so (docs/data-model.md#custom-friend-fields). */
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

/** A friend request waiting for the target's confirmation (AllowType NeedConfirm, docs/rest-api.md#friend_add). */
export interface PendingRequest {
  addSource: string;
  addWording: string;
  remark: string;
  group?: string;
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

export interface AccountSnapshot {
  importedAt: number;
  /** Standard and custom profile fields that are set, by tag. */
  profile: Record<string, CustomValue>;
  friends: Record<string, FriendEntry>;
  /** Friend-list names, in creation order. */
  groups: string[];
  /** Blocked UserIDs and when each was blocked (Unix seconds). */
  blocklist: Record<string, number>;
  /** Requests this user sent, by target. */
  pendingOut: Record<string, PendingRequest>;
  sequences: Sequences;
}

export interface StateSnapshot {
  format: "tencent-chat-emulator/state@1";
  sdkAppId?: number;
  accounts: Record<string, AccountSnapshot>;
}

/** An account to seed without the REST API: an id, and optionally profile fields. */
export interface SeedAccount {
  userId: string;
  nick?: string;
  /** `Tag_Profile_IM_AllowType`; unset means NeedConfirm (docs/rest-api.md#friend_add). */
  allowType?: "AllowType_Type_NeedConfirm" | "AllowType_Type_AllowAny" | "AllowType_Type_DenyAny";
}
