import { z } from "zod";
import { Limits, utf8Bytes } from "./commands/limits";
import { PROFILE_CUSTOM_PREFIX, SNS_CUSTOM_PREFIX, StandardProfileTags, isCustomKeyword } from "./commands/tags";
import { isLegalUserId } from "./id";

/**
 * The inputs of a FriendRelation, their validation (the provider's `check`) and their normal form.
 * Everything here is pure: `check` runs during `pulumi preview`, before any API call, and makes none.
 */

/** What the user declares. Optional tags that are left out are not managed by the resource. */
export interface FriendRelationInputs {
  /** The user whose friend list holds the relation (the relation is one-way: spec §4.6). */
  fromAccount: string;
  /** The friend. */
  toAccount: string;
  /** `Tag_SNS_IM_Remark`, ≤96 bytes. */
  remark?: string;
  /** `Tag_SNS_IM_Group`: the friend lists this friend is in, a set (order is ignored). */
  groups?: string[];
  /** `Tag_SNS_Custom_<key>` values, keyed by the part after `Tag_SNS_Custom_`. */
  customFields?: Record<string, string>;
  /** `AddSource_Type_<letters>`, used only when this resource creates the friendship. Default `AddSource_Type_Pulumi`. */
  addSource?: string;
  /** Used only when this resource creates the friendship. */
  addWording?: string;
  /** The friend's profile tags to read back into `profile`, e.g. `["Tag_Profile_IM_Nick"]`. */
  profileTags?: string[];
}

/** What the resource records: the inputs as they really are, plus what only the service knows. */
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
}

/**
 * The placeholder the engine sends for a value not known during preview (the SDK's `runtime.unknownValue`).
 * Copied rather than imported so the provider does not load the Pulumi SDK at run time.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const ADD_SOURCE_PREFIX = "AddSource_Type_";
export const DEFAULT_ADD_SOURCE = "AddSource_Type_Pulumi";

export interface CheckFailure {
  property: string;
  reason: string;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** A set of group names in normal form: unique and sorted, so order never causes a diff. */
export function normalizeGroups(groups: readonly string[]): string[] {
  return [...new Set(groups)].sort();
}

/** Custom field keys accept the bare keyword; this says why a key is not one. */
function customKeyProblem(key: string): string | undefined {
  if (key.startsWith(SNS_CUSTOM_PREFIX)) {
    return `must be the keyword after "${SNS_CUSTOM_PREFIX}" (write "${key.slice(SNS_CUSTOM_PREFIX.length)}"), got "${key}"`;
  }
  if (!isCustomKeyword(key)) {
    return `custom field keyword must be 1–${Limits.customKeywordMaxBytes} letters (A–Z, a–z) (spec §5.2), got ${JSON.stringify(key)}`;
  }
  return undefined;
}

function profileTagProblem(tag: string): string | undefined {
  // Own keys only: `in` would also accept inherited names such as "toString" or "constructor".
  if (Object.hasOwn(StandardProfileTags, tag)) return undefined;
  if (tag.startsWith(PROFILE_CUSTOM_PREFIX) && isCustomKeyword(tag.slice(PROFILE_CUSTOM_PREFIX.length)))
    return undefined;
  return `must be a standard profile tag (e.g. Tag_Profile_IM_Nick) or ${PROFILE_CUSTOM_PREFIX}<1–8 letters> (spec §5.3), got ${JSON.stringify(tag)}`;
}

function withinBytes(max: number, what: string) {
  return (value: string, ctx: z.RefinementCtx) => {
    const bytes = utf8Bytes(value);
    if (bytes > max)
      ctx.addIssue({ code: "custom", message: `${what} must be at most ${max} bytes (UTF-8), got ${bytes} bytes` });
  };
}

/** The inputs schema, built on demand (no live objects at module scope: the provider is serialized). */
export function inputsSchema() {
  const userId = z.string().superRefine((value, ctx) => {
    if (!isLegalUserId(value)) {
      ctx.addIssue({
        code: "custom",
        message: `must be a UserID of 1–${Limits.userIdMaxBytes} bytes of printable ASCII (spec §5.1), got ${JSON.stringify(value)} (${utf8Bytes(value)} bytes)`,
      });
    }
  });
  const groupName = z.string().superRefine((value, ctx) => {
    if (value.length === 0) ctx.addIssue({ code: "custom", message: "group name must not be empty (spec §5.2)" });
    withinBytes(Limits.groupNameMaxBytes, "group name")(value, ctx);
  });
  return z.object({
    fromAccount: userId,
    toAccount: userId,
    remark: z.string().superRefine(withinBytes(Limits.remarkMaxBytes, "remark")).optional(),
    groups: z
      .array(groupName)
      .superRefine((groups, ctx) => {
        const count = new Set(groups.filter((g) => !isUnknown(g))).size;
        if (count > Limits.groupsPerUser) {
          ctx.addIssue({
            code: "custom",
            message: `at most ${Limits.groupsPerUser} friend lists (spec §5.2), got ${count}`,
          });
        }
      })
      .optional(),
    customFields: z
      .record(z.string(), z.string().superRefine(withinBytes(Limits.customValueMaxBytes, "custom field value")))
      .superRefine((fields, ctx) => {
        for (const key of Object.keys(fields)) {
          const problem = customKeyProblem(key);
          if (problem) ctx.addIssue({ code: "custom", path: [key], message: problem });
        }
      })
      .optional(),
    addSource: z
      .string()
      .superRefine((value, ctx) => {
        const keyword = value.startsWith(ADD_SOURCE_PREFIX) ? value.slice(ADD_SOURCE_PREFIX.length) : undefined;
        if (keyword === undefined || !/^[A-Za-z]{1,8}$/.test(keyword)) {
          ctx.addIssue({
            code: "custom",
            message: `must be "${ADD_SOURCE_PREFIX}" followed by 1–${Limits.addSourceKeywordMaxBytes} letters (spec §4.5), got ${JSON.stringify(value)}`,
          });
        }
      })
      .optional(),
    addWording: z.string().superRefine(withinBytes(Limits.addWordingMaxBytes, "addWording")).optional(),
    profileTags: z
      .array(
        z.string().superRefine((tag, ctx) => {
          const problem = profileTagProblem(tag);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
      )
      .optional(),
  });
}

/** A Pulumi property path: `groups[2]`, `customFields.Team`, `customFields["odd key"]`. */
export function propertyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/**
 * Where the unknown placeholders (preview) are. They stay in place while validating (so indices keep their
 * meaning), and a failure about an unknown value is dropped: the rule cannot be judged until the value is known.
 */
export function collectUnknownPaths(value: unknown, path: PropertyKey[], out: string[]): string[] {
  if (isUnknown(value)) out.push(propertyPath(path));
  else if (Array.isArray(value)) value.forEach((item, i) => collectUnknownPaths(item, [...path, i], out));
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) collectUnknownPaths(item, [...path, key], out);
  }
  return out;
}

export function touchesUnknown(property: string, unknownPaths: readonly string[]): boolean {
  return unknownPaths.some((u) => property === u || property.startsWith(`${u}.`) || property.startsWith(`${u}[`));
}

export interface CheckOutcome {
  /** The inputs to record: the given ones with groups and profile tags in normal form when they are known. */
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** The provider's `check`: every violation becomes a CheckFailure naming the property and the rule. */
export function checkInputs(news: Record<string, unknown>): CheckOutcome {
  const unknownPaths = collectUnknownPaths(news, [], []);
  const failures: CheckFailure[] = [];
  const parsed = inputsSchema().safeParse(news);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const property = propertyPath(issue.path);
      if (!touchesUnknown(property, unknownPaths)) failures.push({ property, reason: issue.message });
    }
  }
  const from = news.fromAccount;
  const to = news.toAccount;
  if (typeof from === "string" && from === to && !isUnknown(from)) {
    failures.push({
      property: "toAccount",
      reason: `must differ from fromAccount: a user cannot befriend themself (spec §4.5), got "${to}" for both`,
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
