import { z } from "zod";
import type { FriendTags } from "./friend-tags";
import {
  Limits,
  PROFILE_CUSTOM_PREFIX,
  SNS_CUSTOM_PREFIX,
  StandardProfileTags,
  isCustomKeyword,
  utf8Bytes,
} from "../commands";
import { isUnknown } from "../checks";
import { MARK_BYTES } from "./ownership";

/**
 * The rules of one friend's fields, as zod schemas shared by FriendRelation, FriendSet and declaration files, so all
 * accept exactly the same values (limits: docs/data-model.md). Pure; no network.
 */

export const ADD_SOURCE_PREFIX = "AddSource_Type_";
export const DEFAULT_ADD_SOURCE = "AddSource_Type_Pulumi";

/** Printable ASCII 0x20–0x7E, 1–32 bytes: what the service accepts as a UserID (docs/data-model.md#userids). */
export function isLegalUserId(value: string): boolean {
  return /^[\x20-\x7e]+$/.test(value) && utf8Bytes(value) <= Limits.userIdMaxBytes;
}

function withinBytes(max: number, what: string) {
  return (value: string, ctx: z.RefinementCtx) => {
    const bytes = utf8Bytes(value);
    if (bytes > max)
      ctx.addIssue({ code: "custom", message: `${what} must be at most ${max} bytes (UTF-8), got ${bytes} bytes` });
  };
}

export const UserIdSchema = z.string().superRefine((value, ctx) => {
  if (!isLegalUserId(value)) {
    ctx.addIssue({
      code: "custom",
      message: `must be a UserID of 1–${Limits.userIdMaxBytes} bytes of printable ASCII, got ${JSON.stringify(value)} (${utf8Bytes(value)} bytes)`,
    });
  }
});

export const RemarkSchema = z.string().superRefine(withinBytes(Limits.remarkMaxBytes, "remark"));

const GroupNameSchema = z.string().superRefine((value, ctx) => {
  if (value.length === 0) ctx.addIssue({ code: "custom", message: "group name must not be empty" });
  withinBytes(Limits.groupNameMaxBytes, "group name")(value, ctx);
});

export const GroupsSchema = z.array(GroupNameSchema).superRefine((groups, ctx) => {
  const count = new Set(groups.filter((g) => !isUnknown(g))).size;
  if (count > Limits.groupsPerUser) {
    ctx.addIssue({ code: "custom", message: `at most ${Limits.groupsPerUser} friend lists, got ${count}` });
  }
});

/** Why a custom field key is not the bare keyword after `Tag_SNS_Custom_` (docs/data-model.md#custom-friend-fields). */
function customKeyProblem(key: string): string | undefined {
  if (key.startsWith(SNS_CUSTOM_PREFIX)) {
    return `must be the keyword after "${SNS_CUSTOM_PREFIX}" (write "${key.slice(SNS_CUSTOM_PREFIX.length)}"), got "${key}"`;
  }
  if (!isCustomKeyword(key)) {
    return `custom field keyword must be 1–${Limits.customKeywordMaxBytes} letters (A–Z, a–z), got ${JSON.stringify(key)}`;
  }
  return undefined;
}

export const CustomFieldsSchema = z
  .record(z.string(), z.string().superRefine(withinBytes(Limits.customValueMaxBytes, "custom field value")))
  .superRefine((fields, ctx) => {
    for (const key of Object.keys(fields)) {
      const problem = customKeyProblem(key);
      if (problem) ctx.addIssue({ code: "custom", path: [key], message: problem });
    }
  });

export const AddSourceSchema = z.string().superRefine((value, ctx) => {
  const keyword = value.startsWith(ADD_SOURCE_PREFIX) ? value.slice(ADD_SOURCE_PREFIX.length) : undefined;
  if (keyword === undefined || !/^[A-Za-z]{1,8}$/.test(keyword)) {
    ctx.addIssue({
      code: "custom",
      message: `must be "${ADD_SOURCE_PREFIX}" followed by 1–${Limits.addSourceKeywordMaxBytes} letters, got ${JSON.stringify(value)}`,
    });
  }
});

/** The service's 256 bytes, less the room the resource's ownership mark takes (friends/ownership.ts). */
export const ADD_WORDING_MAX_BYTES = Limits.addWordingMaxBytes - MARK_BYTES;
export const AddWordingSchema = z.string().superRefine(withinBytes(ADD_WORDING_MAX_BYTES, "addWording"));

/** A profile tag to read: a standard one, or `Tag_Profile_Custom_<1–8 letters>` (docs/data-model.md#profile-fields). */
export const ProfileTagSchema = z.string().superRefine((tag, ctx) => {
  if (Object.hasOwn(StandardProfileTags, tag)) return;
  if (tag.startsWith(PROFILE_CUSTOM_PREFIX) && isCustomKeyword(tag.slice(PROFILE_CUSTOM_PREFIX.length))) return;
  ctx.addIssue({
    code: "custom",
    message: `must be a standard profile tag (e.g. Tag_Profile_IM_Nick) or ${PROFILE_CUSTOM_PREFIX}<1–8 letters>, got ${JSON.stringify(tag)}`,
  });
});

/** The tags one friend may manage; a field left out is not managed. */
export const FriendTagsSchema = z.strictObject({
  remark: RemarkSchema.optional(),
  groups: GroupsSchema.optional(),
  customFields: CustomFieldsSchema.optional(),
});

export type { FriendTags };
// The schema's type and the written-out one agree, both ways.
const schemaMatches: [z.infer<typeof FriendTagsSchema>, FriendTags] extends [
  FriendTags,
  z.infer<typeof FriendTagsSchema>,
]
  ? true
  : false = true;
void schemaMatches;

/** A set of group names in normal form: unique and sorted, so order never causes a diff. */
export function normalizeGroups(groups: readonly string[]): string[] {
  return [...new Set(groups)].sort();
}
