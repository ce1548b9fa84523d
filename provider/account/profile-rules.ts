import { z } from "zod";
import {
  Limits,
  PROFILE_CUSTOM_PREFIX,
  type ProfileFieldRule,
  ProfileFieldRules,
  isCustomKeyword,
  utf8Bytes,
} from "../commands";
import { isUnknown } from "../checks";

/**
 * The rules of an account's profile fields as an Account (or a declaration file) sets them: standard
 * `Tag_Profile_IM_*` fields with their types, enumerations and byte limits, and configured `Tag_Profile_Custom_*`
 * strings (docs/data-model.md#profile-fields, docs/data-model.md#custom-profile-fields). Nick and image are set
 * through their own properties, so the profile map may not name them.
 */
export const NICK_TAG = "Tag_Profile_IM_Nick";
export const IMAGE_TAG = "Tag_Profile_IM_Image";

function ruleOf(tag: string): ProfileFieldRule | undefined {
  if (Object.hasOwn(ProfileFieldRules, tag)) return ProfileFieldRules[tag];
  if (tag.startsWith(PROFILE_CUSTOM_PREFIX) && isCustomKeyword(tag.slice(PROFILE_CUSTOM_PREFIX.length))) {
    return { type: "string", unset: "" };
  }
  return undefined;
}

/** Why `value` cannot be `tag`'s value, or undefined when it can. */
export function profileValueProblem(tag: string, value: unknown): string | undefined {
  if (isUnknown(value)) return undefined;
  const rule = ruleOf(tag);
  if (!rule) {
    return `must be a standard profile tag (Tag_Profile_IM_Gender, …) or ${PROFILE_CUSTOM_PREFIX}<1–8 letters>`;
  }
  if (rule.type === "integer") {
    return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff
      ? undefined
      : `must be an unsigned 32-bit integer, got ${JSON.stringify(value)}`;
  }
  if (typeof value !== "string") return `must be a string, got ${JSON.stringify(value)}`;
  if (rule.values && !rule.values.includes(value)) {
    return `must be one of ${rule.values.join(", ")}, got ${JSON.stringify(value)}`;
  }
  const max = rule.maxBytes ?? Limits.profileValueMaxBytes;
  return utf8Bytes(value) > max ? `must be at most ${max} bytes (UTF-8), got ${utf8Bytes(value)} bytes` : undefined;
}

/** What a field means when it was never set: its documented default, `""` or `0`. */
export function unsetProfileValue(tag: string): string | number {
  return ruleOf(tag)?.unset ?? "";
}

export const NickSchema = z.string().superRefine((value, ctx) => {
  const problem = profileValueProblem(NICK_TAG, value);
  if (problem) ctx.addIssue({ code: "custom", message: `nick ${problem}` });
});

export const FaceUrlSchema = z.string().superRefine((value, ctx) => {
  const problem = profileValueProblem(IMAGE_TAG, value);
  if (problem) ctx.addIssue({ code: "custom", message: `faceUrl ${problem}` });
});

/** Profile tag → value; Nick and Image have properties of their own. */
export const ProfileSchema = z.record(z.string(), z.union([z.string(), z.number()])).superRefine((profile, ctx) => {
  for (const [tag, value] of Object.entries(profile)) {
    if (tag === NICK_TAG || tag === IMAGE_TAG) {
      ctx.addIssue({ code: "custom", path: [tag], message: `set ${tag === NICK_TAG ? "nick" : "faceUrl"} instead` });
      continue;
    }
    const problem = profileValueProblem(tag, value);
    if (problem) ctx.addIssue({ code: "custom", path: [tag], message: problem });
  }
});

export type Profile = z.infer<typeof ProfileSchema>;
