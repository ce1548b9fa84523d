import { z } from "zod";
import { Limits } from "../commands/limits";
import {
  type CheckFailure,
  type CheckOutcome,
  collectUnknownPaths,
  inputsSchema,
  isUnknown,
  normalizeGroups,
  propertyPath,
  touchesUnknown,
} from "../inputs";

/**
 * The inputs of a FriendSet (every friend one account should have), their validation and normal form.
 * Pure: `check` runs during `pulumi preview` and makes no API call. The per-friend rules are FriendRelation's
 * (provider/inputs.ts), taken from its schema rather than copied, so both resources accept exactly the same values.
 */

/** What the user declares for one friend. A tag left out is not managed (as for FriendRelation). */
export interface FriendSpec {
  /** `Tag_SNS_IM_Remark`, ≤96 bytes. */
  remark?: string;
  /** `Tag_SNS_IM_Group`: the friend lists, a set. */
  groups?: string[];
  /** `Tag_SNS_Custom_<key>` values, keyed by the keyword after `Tag_SNS_Custom_`. */
  customFields?: Record<string, string>;
}

export interface FriendSetInputs {
  /** The account whose friend list the set describes. Changing it replaces the resource. */
  fromAccount: string;
  /** Friend UserID → the tags to manage on that friend. */
  friends: Record<string, FriendSpec>;
}

/** What the resource records for one friend: the managed tags as they are, and who created the friendship. */
export interface FriendState extends FriendSpec {
  /** True if this resource created the friendship (removing the friend deletes it), false if it adopted it. */
  createdByResource: boolean;
}

export interface FriendSetOutputs {
  fromAccount: string;
  friends: Record<string, FriendState>;
}

/** The FriendSet schema, built on demand from FriendRelation's field rules (no live objects at module scope). */
export function friendSetSchema() {
  const rules = inputsSchema().shape;
  const friend = z.strictObject({ remark: rules.remark, groups: rules.groups, customFields: rules.customFields });
  return z.object({
    fromAccount: rules.fromAccount,
    friends: z.record(z.string(), friend).superRefine((friends, ctx) => {
      const ids = Object.keys(friends);
      if (ids.length > Limits.friendsPerUser) {
        ctx.addIssue({
          code: "custom",
          message: `at most ${Limits.friendsPerUser} friends per account (spec §5.2), got ${ids.length}`,
        });
      }
      // Friend UserIDs are map keys: FriendRelation's toAccount rule, reported at the friend's path.
      for (const id of ids) {
        const parsed = rules.toAccount.safeParse(id);
        if (!parsed.success)
          ctx.addIssue({ code: "custom", path: [id], message: parsed.error.issues[0]?.message ?? "must be a UserID" });
      }
    }),
  });
}

/** The provider's `check`: each violation names its property path (`friends.bob.remark`) and the rule. */
export function checkFriendSet(news: Record<string, unknown>): CheckOutcome {
  const unknownPaths = collectUnknownPaths(news, [], []);
  const failures: CheckFailure[] = [];
  const parsed = friendSetSchema().safeParse(news);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const property = propertyPath(issue.path);
      if (!touchesUnknown(property, unknownPaths)) failures.push({ property, reason: issue.message });
    }
  }
  const from = news.fromAccount;
  const friends = news.friends;
  const inputs: Record<string, unknown> = { ...news };
  if (isPlainObject(friends)) {
    if (typeof from === "string" && !isUnknown(from) && Object.hasOwn(friends, from)) {
      failures.push({
        property: propertyPath(["friends", from]),
        reason: `must differ from fromAccount: a user cannot befriend themself (spec §4.5), got "${from}"`,
      });
    }
    inputs.friends = Object.fromEntries(Object.entries(friends).map(([id, spec]) => [id, normalizeSpec(spec)]));
  }
  return { inputs, failures };
}

/** Groups in normal form (sorted, unique) when they are known, so order never causes a diff. */
function normalizeSpec(spec: unknown): unknown {
  if (!isPlainObject(spec)) return spec;
  const groups = spec.groups;
  if (Array.isArray(groups) && groups.every((g) => typeof g === "string" && !isUnknown(g))) {
    return { ...spec, groups: normalizeGroups(groups as string[]) };
  }
  return spec;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The inputs the engine sends to create and update have passed `check`; parsing again gives their typed form. */
export function parseFriendSetInputs(props: Record<string, unknown>): FriendSetInputs {
  const parsed = friendSetSchema().safeParse(props);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${propertyPath(i.path)}: ${i.message}`).join("; ");
    throw new Error(`invalid FriendSet inputs: ${problems}`);
  }
  const friends: Record<string, FriendSpec> = {};
  for (const [id, spec] of Object.entries(parsed.data.friends)) {
    const clean: FriendSpec = {};
    if (spec.remark !== undefined) clean.remark = spec.remark;
    if (spec.groups !== undefined) clean.groups = normalizeGroups(spec.groups);
    if (spec.customFields !== undefined) clean.customFields = spec.customFields;
    friends[id] = clean;
  }
  return { fromAccount: parsed.data.fromAccount, friends };
}
