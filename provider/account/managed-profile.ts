import type { TagItem } from "../commands";
import { containsUnknown, isUnknown, own, recordOf } from "../checks";
import { IMAGE_TAG, NICK_TAG, unsetProfileValue } from "./profile-rules";

/**
 * The profile tags an Account manages, as one map tag → value: `nick` is Tag_Profile_IM_Nick, `faceUrl`
 * Tag_Profile_IM_Image, then the `profile` map. Pure.
 */
export interface AccountFields {
  nick?: string;
  faceUrl?: string;
  profile?: Record<string, string | number>;
}

export function managedTags(fields: AccountFields): Record<string, string | number> {
  const tags: Array<[string, string | number]> = [];
  if (fields.nick !== undefined) tags.push([NICK_TAG, fields.nick]);
  if (fields.faceUrl !== undefined) tags.push([IMAGE_TAG, fields.faceUrl]);
  for (const [tag, value] of Object.entries(fields.profile ?? {})) tags.push([tag, value]);
  return recordOf(tags);
}

/** The fields from a map of managed tags and their values. */
export function fieldsFrom(tags: Record<string, string | number>, managed: Iterable<string>): AccountFields {
  const fields: AccountFields = {};
  const profile: Array<[string, string | number]> = [];
  for (const tag of managed) {
    const value = own(tags, tag) ?? unsetProfileValue(tag);
    if (tag === NICK_TAG) fields.nick = String(value);
    else if (tag === IMAGE_TAG) fields.faceUrl = String(value);
    else profile.push([tag, value]);
  }
  if (profile.length > 0) fields.profile = recordOf(profile.sort(([a], [b]) => (a < b ? -1 : 1)));
  return fields;
}

/** What portrait_get reported, with a managed tag it left out read as its unset value. */
export function currentValues(managed: Iterable<string>, items: readonly TagItem[]): Record<string, string | number> {
  return recordOf(
    [...managed].map((tag) => {
      const value = items.find((item) => item.Tag === tag)?.Value;
      return [tag, typeof value === "string" || typeof value === "number" ? value : unsetProfileValue(tag)];
    }),
  );
}

export interface ProfileChanges {
  /** The ProfileItems to set; a tag no longer declared is set back to its unset value. */
  items: TagItem[];
  hasUnknowns: boolean;
}

/** What brings the managed tags from `recorded` to `wanted`: tags on either side, compared as values. */
export function profileChanges(
  recorded: Record<string, string | number>,
  wanted: Record<string, string | number>,
): ProfileChanges {
  if (containsUnknown(wanted)) return { items: [], hasUnknowns: true };
  const items: TagItem[] = [];
  let hasUnknowns = false;
  for (const tag of [...new Set([...Object.keys(recorded), ...Object.keys(wanted)])].sort()) {
    const next = own(wanted, tag);
    if (isUnknown(next)) {
      hasUnknowns = true;
      continue;
    }
    const target = next ?? unsetProfileValue(tag);
    if (target !== (own(recorded, tag) ?? unsetProfileValue(tag))) items.push({ Tag: tag, Value: target });
  }
  return { items, hasUnknowns };
}

/**
 * `wanted`, plus the tags `recorded` manages and `wanted` no longer does, at the value they had before the resource
 * adopted the account (`before`); tags with no earlier value recorded go back to unset (profileChanges).
 */
export function withReleasedProfile(
  recorded: Record<string, string | number>,
  wanted: Record<string, string | number>,
  before: Record<string, string | number> | undefined,
): Record<string, string | number> {
  const released = Object.keys(recorded).flatMap((tag): Array<[string, string | number]> => {
    const earlier = own(before, tag);
    return own(wanted, tag) === undefined && earlier !== undefined ? [[tag, earlier]] : [];
  });
  return released.length > 0 ? recordOf([...Object.entries(wanted), ...released]) : wanted;
}
