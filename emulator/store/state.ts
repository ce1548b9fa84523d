import { z } from "zod";
import { PROFILE_CUSTOM_PREFIX, SNS_CUSTOM_PREFIX } from "../../provider/commands";
import type {
  AccountSnapshot,
  CustomValue,
  FriendEntry,
  PendingRequest,
  Sequences,
  StateSnapshot,
} from "../state-types";
import { isValidGroupName, isValidUserId, standardProfileType } from "./rules";

export type { AccountSnapshot, CustomValue, FriendEntry, PendingRequest, Sequences, StateSnapshot };

/** Compiles only when the schema's output type and the written-out type agree, both ways. */
function agrees<A, B>(_same: [A, B] extends [B, A] ? true : false): void {}

/**
 * The emulator's data model (docs/data-model.md) and its JSON snapshot: the state dump of `GET /_emulator/state`,
 * what `PUT /_emulator/state` loads, and the state file. One schema checks all of them, and the types are inferred
 * from it. Fields a hand-written snapshot leaves out take their empty defaults; unknown fields are refused (a typo
 * would otherwise load as nothing).
 */

const seconds = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

/** A custom field value: a string, or an integer for fields configured so (docs/data-model.md#custom-friend-fields). */
const CustomValueSchema = z.union([z.string(), z.number().int().nonnegative()]);
agrees<z.output<typeof CustomValueSchema>, CustomValue>(true);

/**
 * A JSON object as a record, checking each key and value. Unlike `z.record`, a key such as `__proto__` stays data
 * (Object.fromEntries defines own properties), and each problem's path names the key.
 */
function recordOf<V extends z.ZodType>(keyRule: (key: string) => string | undefined, value: V) {
  return z.unknown().transform((input, ctx) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      ctx.addIssue({ code: "custom", message: `expected an object, got ${describe(input)}` });
      return z.NEVER;
    }
    const entries: Array<[string, z.output<V>]> = [];
    for (const [key, raw] of Object.entries(input)) {
      const problem = keyRule(key);
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem, path: [key] });
        continue;
      }
      const parsed = value.safeParse(raw);
      if (parsed.success) entries.push([key, parsed.data]);
      else for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as never);
    }
    return Object.fromEntries(entries) as Record<string, z.output<V>>;
  });
}

const userIdKey = (key: string) =>
  isValidUserId(key) ? undefined : `${JSON.stringify(key)} is not a UserID (1 to 32 bytes of printable ASCII)`;

/** One entry of a user's friend list: the standard friend fields and the custom ones that are set. */
const FriendEntrySchema = z.strictObject({
  /** `Tag_SNS_IM_AddSource`, e.g. `AddSource_Type_Web`. */
  addSource: z.string().default(""),
  /** `Tag_SNS_IM_AddWording`; "" when unset. */
  addWording: z.string().default(""),
  /** `Tag_SNS_IM_AddTime`, Unix seconds. */
  addTime: seconds.default(0),
  /** `Tag_SNS_IM_Remark`; "" when unset. */
  remark: z.string().default(""),
  /** `Tag_SNS_IM_RemarkTime`, Unix seconds; 0 when never set. */
  remarkTime: seconds.default(0),
  /** `Tag_SNS_IM_Group`: the lists this friend is in. */
  groups: z.array(z.string().refine(isValidGroupName, "a list name is 1 to 30 bytes")).default([]),
  /** `Tag_SNS_Custom_*` fields that are set, by full tag name. */
  custom: recordOf(
    (tag) => (tag.startsWith(SNS_CUSTOM_PREFIX) ? undefined : `${JSON.stringify(tag)} is not a Tag_SNS_Custom_* tag`),
    CustomValueSchema,
  ).default({}),
});
agrees<z.output<typeof FriendEntrySchema>, FriendEntry>(true);

/** A friend request waiting for the target's confirmation (AllowType NeedConfirm, docs/rest-api.md#friend_add). */
const PendingRequestSchema = z.strictObject({
  addSource: z.string().default(""),
  addWording: z.string().default(""),
  remark: z.string().default(""),
  group: z.string().optional(),
  time: seconds.default(0),
});
agrees<z.output<typeof PendingRequestSchema>, PendingRequest>(true);

const SequencesSchema = z.strictObject({
  /** Changes to standard friend fields (friend_get's StandardSequence). */
  standard: count.default(0),
  /** Changes to custom friend fields (friend_get's CustomSequence). */
  custom: count.default(0),
  /** Changes to friend lists (group_* CurrentSequence). */
  group: count.default(0),
  /** Changes to the blocklist (black_list_get's CurruentSequence). */
  blacklist: count.default(0),
});
agrees<z.output<typeof SequencesSchema>, Sequences>(true);

export const AccountSnapshotSchema = z.strictObject({
  importedAt: seconds.default(0),
  /** Standard and custom profile fields that are set, by tag. */
  profile: recordOf(
    (tag) =>
      standardProfileType(tag) !== undefined || tag.startsWith(PROFILE_CUSTOM_PREFIX)
        ? undefined
        : `${JSON.stringify(tag)} is not a profile tag`,
    CustomValueSchema,
  ).default({}),
  friends: recordOf(userIdKey, FriendEntrySchema).default({}),
  /** Friend-list names, in creation order. */
  groups: z.array(z.string().refine(isValidGroupName, "a list name is 1 to 30 bytes")).default([]),
  /** Blocked UserIDs and when each was blocked (Unix seconds). */
  blocklist: recordOf(userIdKey, seconds).default({}),
  /** Requests this user sent, by target. */
  pendingOut: recordOf(userIdKey, PendingRequestSchema).default({}),
  sequences: SequencesSchema.default({ standard: 0, custom: 0, group: 0, blacklist: 0 }),
});
agrees<z.output<typeof AccountSnapshotSchema>, AccountSnapshot>(true);

export const SNAPSHOT_FORMAT = "tencent-chat-emulator/state@1";

export const StateSnapshotSchema = z
  .strictObject({
    format: z.literal(SNAPSHOT_FORMAT),
    sdkAppId: z.number().int().positive().optional(),
    accounts: recordOf(userIdKey, AccountSnapshotSchema),
  })
  .superRefine((snapshot, ctx) => {
    // What the commands can never produce: references to accounts that do not exist, or to lists the user lacks.
    const accounts = snapshot.accounts;
    const exists = (id: string) => Object.hasOwn(accounts, id);
    for (const [userId, account] of Object.entries(accounts)) {
      const at = (...path: string[]) => ["accounts", userId, ...path];
      for (const field of ["friends", "blocklist", "pendingOut"] as const) {
        for (const other of Object.keys(account[field])) {
          if (!exists(other) || other === userId) {
            const why = other === userId ? "is the account itself" : "is not an account in this snapshot";
            ctx.addIssue({ code: "custom", path: at(field, other), message: `${JSON.stringify(other)} ${why}` });
          }
        }
      }
      for (const [friendId, friend] of Object.entries(account.friends)) {
        const missing = friend.groups.filter((g) => !account.groups.includes(g));
        if (missing.length > 0) {
          ctx.addIssue({
            code: "custom",
            path: at("friends", friendId, "groups"),
            message: `${JSON.stringify(missing)} not in accounts.${userId}.groups`,
          });
        }
      }
      for (const [tag, value] of Object.entries(account.profile)) {
        const type = standardProfileType(tag) ?? "string";
        if ((type === "integer") !== (typeof value === "number")) {
          ctx.addIssue({
            code: "custom",
            path: at("profile", tag),
            message: `expected ${type}, got ${describe(value)}`,
          });
        }
      }
    }
  });
agrees<z.output<typeof StateSnapshotSchema>, StateSnapshot>(true);

/** A checked snapshot, or a TypeError naming the path of each problem (at most five). */
export function parseSnapshot(input: unknown): StateSnapshot {
  const parsed = StateSnapshotSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new TypeError(`state snapshot: ${describeIssues(parsed.error)}`);
}

/** `path: message` for the first five issues, `; `-separated. */
export function describeIssues(error: z.ZodError): string {
  const lines = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(the snapshot)"}: ${i.message}`);
  if (error.issues.length > 5) lines.push(`and ${error.issues.length - 5} more`);
  return lines.join("; ");
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/** An account as the store holds it. */
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
  /** Users with a request waiting for this user (derived from the others' pendingOut). */
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

/** One account as plain JSON, deep-copied. */
export function accountToSnapshot(a: Account): AccountSnapshot {
  return {
    importedAt: a.importedAt,
    profile: Object.fromEntries(a.profile),
    friends: Object.fromEntries([...a.friends].map(([id, f]) => [id, cloneFriend(f)])),
    groups: [...a.groups],
    blocklist: Object.fromEntries(a.blocklist),
    pendingOut: Object.fromEntries([...a.pendingOut].map(([id, p]) => [id, { ...p }])),
    sequences: { ...a.sequences },
  };
}

/** Plain JSON, deep-copied. Object.fromEntries defines own properties, so a UserID such as `__proto__` stays data. */
export function toSnapshot(sdkAppId: number, accounts: Map<string, Account>): StateSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    sdkAppId,
    accounts: Object.fromEntries([...accounts.values()].map((a) => [a.userId, accountToSnapshot(a)])),
  };
}

/** Rebuilds the accounts of a snapshot; throws a TypeError naming what is wrong with it. */
export function fromSnapshot(input: unknown): Map<string, Account> {
  const snapshot = parseSnapshot(input);
  const accounts = new Map<string, Account>();
  for (const [userId, a] of Object.entries(snapshot.accounts)) {
    accounts.set(userId, {
      ...newAccount(userId, a.importedAt),
      profile: new Map(Object.entries(a.profile)),
      friends: new Map(Object.entries(a.friends)),
      groups: a.groups,
      blocklist: new Map(Object.entries(a.blocklist)),
      pendingOut: new Map(Object.entries(a.pendingOut)),
      sequences: a.sequences,
    });
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
