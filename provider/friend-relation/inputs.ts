import { z } from "zod";
import {
  type CheckOutcome,
  failuresFromIssues,
  isPlainObject,
  isUnknown,
  propertyPath,
  unknownPropertyFailures,
} from "../checks";
import {
  AddSourceSchema,
  AddWordingSchema,
  CustomFieldsSchema,
  GroupsSchema,
  ProfileTagSchema,
  RemarkSchema,
  type FriendTags,
  UserIdSchema,
  normalizeGroups,
} from "../friends/field-rules";
import { MARKER_PATTERN } from "../friends/ownership";
import { INPUT_PROPERTIES } from "./properties";

/**
 * The inputs of a FriendRelation, their validation (the provider's `check`) and their normal form. Pure: `check`
 * runs during `pulumi preview`, before any API call, and makes none.
 */
export const FriendRelationInputsSchema = z.strictObject({
  fromAccount: UserIdSchema,
  toAccount: UserIdSchema,
  remark: RemarkSchema.optional(),
  groups: GroupsSchema.optional(),
  customFields: CustomFieldsSchema.optional(),
  addSource: AddSourceSchema.optional(),
  addWording: AddWordingSchema.optional(),
  profileTags: z.array(ProfileTagSchema).optional(),
  ownershipMarker: z.string().regex(MARKER_PATTERN).optional(),
});

/** What the user declares. Optional tags that are left out are not managed by the resource. */
export type FriendRelationInputs = z.infer<typeof FriendRelationInputsSchema>;

/** What the resource records: the managed tags as they really are, plus what only the service knows. */
export interface FriendRelationOutputs {
  fromAccount: string;
  toAccount: string;
  /** Present exactly when the resource manages the remark ("" when unset). */
  remark?: string;
  /** Present exactly when the resource manages the groups (sorted). */
  groups?: string[];
  /** Holds exactly the custom keys the resource manages ("" when unset). */
  customFields?: Record<string, string>;
  /** The friendship's real AddSource and AddWording, whoever created it. */
  addSource?: string;
  addWording?: string;
  /** Unix seconds at which the friendship formed (`Tag_SNS_IM_AddTime`). */
  addTime: number;
  profileTags?: string[];
  /** The friend's profile tags named by `profileTags`, read-only. */
  profile: Record<string, string | number>;
  /** Whether this resource created the friendship (true) or adopted an existing one (false). Delete depends on it. */
  createdByResource: boolean;
  /** On an adopted friendship: the managed tags as they were before; deleting the resource writes them back. */
  tagsBeforeAdoption?: FriendTags;
}

/** The provider's `check`: every violation becomes a CheckFailure naming the property and the rule. */
export function checkInputs(news: Record<string, unknown>): CheckOutcome {
  const declared = withoutHostKeys(news);
  const failures = [
    ...unknownPropertyFailures(declared, INPUT_PROPERTIES),
    ...failuresFromIssues(FriendRelationInputsSchema.safeParse(knownOnly(declared)).error?.issues ?? [], declared),
  ];
  const from = news.fromAccount;
  if (typeof from === "string" && from === news.toAccount && !isUnknown(from)) {
    failures.push({
      property: "toAccount",
      reason: `must differ from fromAccount: a user cannot befriend themself, got "${from}" for both`,
    });
  }
  const inputs: Record<string, unknown> = { ...news };
  for (const key of ["groups", "profileTags"] as const) {
    const value = news[key];
    if (Array.isArray(value) && value.every((v) => typeof v === "string" && !isUnknown(v))) {
      inputs[key] = normalizeGroups(value as string[]);
    }
  }
  return { inputs, failures };
}

/** The inputs the engine sends to create and update have passed `check`; parsing again gives their typed form. */
export function parseInputs(props: Record<string, unknown>): FriendRelationInputs {
  const parsed = FriendRelationInputsSchema.safeParse(knownOnly(withoutHostKeys(props)));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${propertyPath(i.path)}: ${i.message}`).join("; ");
    throw new TypeError(`invalid FriendRelation inputs: ${problems}`);
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as FriendRelationInputs;
}

/** The host adds `__provider`; the resource lists output-only properties as undefined. Neither is a user input. */
function withoutHostKeys(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).filter(([key, value]) => key !== "__provider" && value !== undefined),
  );
}

/** Unknown properties are reported once, by name; the schema then judges the known ones. */
function knownOnly(props: Record<string, unknown>): Record<string, unknown> {
  return isPlainObject(props)
    ? Object.fromEntries(Object.entries(props).filter(([key]) => INPUT_PROPERTIES.includes(key)))
    : props;
}
