import { z } from "zod";
import {
  type CheckFailure,
  type CheckOutcome,
  failuresFromIssues,
  isPlainObject,
  isUnknown,
  propertyPath,
  recordOf,
  unknownPropertyFailures,
} from "../checks";
import { Limits } from "../commands";
import { FriendTagsSchema, type FriendTags, UserIdSchema, normalizeGroups } from "../friends/field-rules";
import { MARKER_PATTERN } from "../friends/ownership";

/**
 * The inputs of a FriendSet (every friend one account should have), their validation and normal form. Pure:
 * `check` runs during `pulumi preview` and makes no API call. Each friend follows the same field rules as a
 * FriendRelation (friends/field-rules.ts).
 */
export const FriendSetInputsSchema = z.strictObject({
  fromAccount: UserIdSchema,
  ownershipMarker: z.string().regex(MARKER_PATTERN).optional(),
  friends: z.record(z.string(), FriendTagsSchema).superRefine((friends, ctx) => {
    const ids = Object.keys(friends);
    if (ids.length > Limits.friendsPerUser) {
      ctx.addIssue({
        code: "custom",
        message: `at most ${Limits.friendsPerUser} friends per account, got ${ids.length}`,
      });
    }
    // Friend UserIDs are map keys: the UserID rule, reported at the friend's path.
    for (const id of ids) {
      const parsed = UserIdSchema.safeParse(id);
      if (!parsed.success) ctx.addIssue({ code: "custom", path: [id], message: parsed.error.issues[0].message });
    }
  }),
});

export type FriendSetInputs = z.infer<typeof FriendSetInputsSchema>;

/** What the resource records for one friend: its managed tags as they are, and who created the friendship. */
export interface FriendState extends FriendTags {
  /** True if this resource created the friendship (removing the friend deletes it), false if it adopted it. */
  createdByResource: boolean;
  /** On an adopted friendship: its managed tags as they were before; removing the friend writes them back. */
  tagsBeforeAdoption?: FriendTags;
}

export interface FriendSetOutputs {
  fromAccount: string;
  friends: Record<string, FriendState>;
}

// ownershipMarker is set by the resource itself: the mark it leaves on friendships it creates.
const INPUT_PROPERTIES = ["fromAccount", "friends", "ownershipMarker"];

/** The provider's `check`: each violation names its property path (`friends.bob.remark`) and the rule. */
export function checkFriendSet(news: Record<string, unknown>): CheckOutcome {
  const declared = Object.fromEntries(Object.entries(news).filter(([key]) => key !== "__provider"));
  const failures: CheckFailure[] = [
    ...unknownPropertyFailures(declared, INPUT_PROPERTIES),
    ...failuresFromIssues(
      FriendSetInputsSchema.safeParse(
        Object.fromEntries(Object.entries(declared).filter(([k]) => INPUT_PROPERTIES.includes(k))),
      ).error?.issues ?? [],
      declared,
    ),
  ];
  const from = news.fromAccount;
  const friends = news.friends;
  const inputs: Record<string, unknown> = { ...news };
  if (isPlainObject(friends)) {
    if (typeof from === "string" && !isUnknown(from) && Object.hasOwn(friends, from)) {
      failures.push({
        property: propertyPath(["friends", from]),
        reason: `must differ from fromAccount: a user cannot befriend themself, got "${from}"`,
      });
    }
    inputs.friends = recordOf(Object.entries(friends).map(([id, spec]) => [id, normalizeSpec(spec)]));
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

/** The inputs the engine sends to create and update have passed `check`; parsing again gives their typed form. */
export function parseFriendSetInputs(props: Record<string, unknown>): FriendSetInputs {
  const parsed = FriendSetInputsSchema.safeParse({
    fromAccount: props.fromAccount,
    friends: props.friends,
    ...(props.ownershipMarker !== undefined ? { ownershipMarker: props.ownershipMarker } : {}),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${propertyPath(i.path)}: ${i.message}`).join("; ");
    throw new TypeError(`invalid FriendSet inputs: ${problems}`);
  }
  const friends = recordOf(
    Object.entries(parsed.data.friends).map(([id, spec]): [string, FriendTags] => {
      const clean: FriendTags = {};
      if (spec.remark !== undefined) clean.remark = spec.remark;
      if (spec.groups !== undefined) clean.groups = normalizeGroups(spec.groups);
      if (spec.customFields !== undefined) clean.customFields = spec.customFields;
      return [id, clean];
    }),
  );
  return { fromAccount: parsed.data.fromAccount, friends, ownershipMarker: parsed.data.ownershipMarker };
}
