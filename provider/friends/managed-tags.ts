import { SNS_CUSTOM_PREFIX, SnsTag, type TagItem, type TagValue } from "../commands";
import { containsUnknown, isUnknown, own, propertyPath, recordOf } from "../checks";
import { type FriendTags, normalizeGroups } from "./field-rules";

/**
 * The tags of one friend entry that a resource manages, shared by FriendRelation and FriendSet. A tag is managed
 * when the resource declares it; a managed tag the user stops declaring is cleared by writing its empty value
 * (docs/data-model.md#clearing-a-field). Pure; no network.
 */

/** The standard tags every read asks for: who created the friendship, when, and with which wording. */
export const ORIGIN_TAGS: readonly string[] = [SnsTag.addSource, SnsTag.addWording, SnsTag.addTime];

/** The SNS tags friend_get_list must return to describe the managed tags, plus the origin tags and profile tags. */
export function tagsToRead(managed: FriendTags, profileTags: readonly string[] = []): string[] {
  const tags = [...ORIGIN_TAGS];
  if (managed.remark !== undefined) tags.push(SnsTag.remark);
  if (managed.groups !== undefined) tags.push(SnsTag.group);
  for (const key of Object.keys(managed.customFields ?? {}).sort()) tags.push(`${SNS_CUSTOM_PREFIX}${key}`);
  return [...tags, ...profileTags];
}

/** A tag's value in a list the service returned, or undefined when the service left it out (unset). */
export function tagValue(items: readonly TagItem[], tag: string): TagValue | undefined {
  return items.find((item) => item.Tag === tag)?.Value;
}

function asText(value: TagValue | undefined): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(",") : String(value);
}

function asGroups(value: TagValue | undefined): string[] {
  if (Array.isArray(value)) return normalizeGroups(value);
  return value === undefined || value === "" ? [] : [String(value)];
}

/**
 * The current values of the managed tags, from what the service reported. The service leaves unset SNS tags out
 * (docs/rest-api.md#friend_get_list), so a managed tag that is absent is reported empty.
 */
export function currentTags(managed: FriendTags, items: readonly TagItem[]): FriendTags {
  const out: FriendTags = {};
  if (managed.remark !== undefined) out.remark = asText(tagValue(items, SnsTag.remark));
  if (managed.groups !== undefined) out.groups = asGroups(tagValue(items, SnsTag.group));
  if (managed.customFields !== undefined) {
    out.customFields = recordOf(
      Object.keys(managed.customFields).map((key) => [key, asText(tagValue(items, `${SNS_CUSTOM_PREFIX}${key}`))]),
    );
  }
  return out;
}

export interface TagChanges {
  /**
   * The SnsItems that bring the friend from the recorded tags to the wanted ones; cleared tags at their empty value.
   */
  items: TagItem[];
  /** Some wanted value is not known yet (preview), so it may change something. */
  hasUnknowns: boolean;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * What brings a friend from `recorded` (what the resource manages now, as it is) to `wanted` (the declaration).
 * Tags managed on either side are compared; groups as a set. Keys are read as own properties only, so a custom field
 * named `valueOf` is just a name.
 */
export function tagChanges(recorded: FriendTags, wanted: FriendTags): TagChanges {
  const items: TagItem[] = [];
  let hasUnknowns = false;

  if (wanted.remark !== undefined || recorded.remark !== undefined) {
    if (isUnknown(wanted.remark)) hasUnknowns = true;
    else if ((wanted.remark ?? "") !== (recorded.remark ?? "")) {
      items.push({ Tag: SnsTag.remark, Value: wanted.remark ?? "" });
    }
  }

  if (wanted.groups !== undefined || recorded.groups !== undefined) {
    if (containsUnknown(wanted.groups)) hasUnknowns = true;
    else {
      const groups = normalizeGroups(wanted.groups ?? []);
      if (!sameStrings(groups, normalizeGroups(recorded.groups ?? [])))
        items.push({ Tag: SnsTag.group, Value: groups });
    }
  }

  if (containsUnknown(wanted.customFields)) hasUnknowns = true;
  else {
    const keys = new Set([...Object.keys(recorded.customFields ?? {}), ...Object.keys(wanted.customFields ?? {})]);
    for (const key of [...keys].sort()) {
      const value = own(wanted.customFields, key) ?? "";
      if (value !== (own(recorded.customFields, key) ?? ""))
        items.push({ Tag: `${SNS_CUSTOM_PREFIX}${key}`, Value: value });
    }
  }
  return { items, hasUnknowns };
}

/**
 * The managed tags as friend_import fields, so a new friendship gets them in the same write. Empty values are unset.
 */
export function importFields(tags: FriendTags): { Remark?: string; GroupName?: string[]; CustomItem?: TagItem[] } {
  const custom = Object.entries(tags.customFields ?? {})
    .filter(([, value]) => value !== "")
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => ({ Tag: `${SNS_CUSTOM_PREFIX}${key}`, Value: value }));
  return {
    ...(tags.remark ? { Remark: tags.remark } : {}),
    ...(tags.groups && tags.groups.length > 0 ? { GroupName: normalizeGroups(tags.groups) } : {}),
    ...(custom.length > 0 ? { CustomItem: custom } : {}),
  };
}

/** Only the managed tag fields of an object that may carry more (outputs, a friend's recorded state). */
export function managedPart(value: FriendTags): FriendTags {
  const out: FriendTags = {};
  if (value.remark !== undefined) out.remark = value.remark;
  if (value.groups !== undefined) out.groups = value.groups;
  if (value.customFields !== undefined) out.customFields = value.customFields;
  return out;
}

/** The managed tags as the SnsItems a read would report once they are set (groups sorted; empty values included). */
export function tagItemsOf(tags: FriendTags): TagItem[] {
  const items: TagItem[] = [];
  if (tags.remark !== undefined) items.push({ Tag: SnsTag.remark, Value: tags.remark });
  if (tags.groups !== undefined) items.push({ Tag: SnsTag.group, Value: normalizeGroups(tags.groups) });
  for (const [key, value] of Object.entries(tags.customFields ?? {}))
    items.push({ Tag: `${SNS_CUSTOM_PREFIX}${key}`, Value: value });
  return items;
}

/** The property a tag is declared as, as a property path: `remark`, `groups`, `customFields.Test`. */
export function tagProperty(tag: string, prefix: PropertyKey[] = []): string {
  if (tag === SnsTag.remark) return propertyPath([...prefix, "remark"]);
  if (tag === SnsTag.group) return propertyPath([...prefix, "groups"]);
  return propertyPath([...prefix, "customFields", tag.slice(SNS_CUSTOM_PREFIX.length)]);
}

/** The tags `wanted` manages that `recorded` does not: what a change starts managing. */
export function newlyManaged(recorded: FriendTags, wanted: FriendTags): FriendTags {
  const out: FriendTags = {};
  if (wanted.remark !== undefined && recorded.remark === undefined) out.remark = wanted.remark;
  if (wanted.groups !== undefined && recorded.groups === undefined) out.groups = wanted.groups;
  const keys = Object.keys(wanted.customFields ?? {}).filter((key) => own(recorded.customFields, key) === undefined);
  if (keys.length > 0) out.customFields = recordOf(keys.map((key) => [key, own(wanted.customFields, key) ?? ""]));
  return out;
}

/** The properties of the tags in `tags`, as property paths under `prefix`: `remark`, `groups`, `customFields.<key>`. */
export function tagProperties(tags: FriendTags, prefix: PropertyKey[] = []): string[] {
  return [
    ...(tags.remark !== undefined ? [propertyPath([...prefix, "remark"])] : []),
    ...(tags.groups !== undefined ? [propertyPath([...prefix, "groups"])] : []),
    ...Object.keys(tags.customFields ?? {}).map((key) => propertyPath([...prefix, "customFields", key])),
  ];
}

export function hasTags(tags: FriendTags): boolean {
  return tags.remark !== undefined || tags.groups !== undefined || Object.keys(tags.customFields ?? {}).length > 0;
}

/** `b`'s tags over `a`'s. */
export function mergeTags(a: FriendTags | undefined, b: FriendTags): FriendTags {
  const out: FriendTags = { ...managedPart(a ?? {}), ...managedPart(b) };
  if (a?.customFields !== undefined || b.customFields !== undefined)
    out.customFields = recordOf([...Object.entries(a?.customFields ?? {}), ...Object.entries(b.customFields ?? {})]);
  return out;
}

/**
 * `wanted`, plus the tags `recorded` manages and `wanted` no longer does, at the value they go back to: the one they
 * had before the resource adopted the friendship (`before`), or empty for a friendship it created or a tag whose
 * earlier value is not known. So releasing a tag never erases what someone else wrote before the stack.
 */
export function withReleasedTags(recorded: FriendTags, wanted: FriendTags, before: FriendTags | undefined): FriendTags {
  const out: FriendTags = { ...wanted };
  if (before === undefined) return out;
  if (recorded.remark !== undefined && wanted.remark === undefined && before.remark !== undefined)
    out.remark = before.remark;
  if (recorded.groups !== undefined && wanted.groups === undefined && before.groups !== undefined)
    out.groups = before.groups;
  const released = Object.keys(recorded.customFields ?? {}).flatMap((key): Array<[string, string]> => {
    const earlier = own(before.customFields, key);
    return own(wanted.customFields, key) === undefined && earlier !== undefined ? [[key, earlier]] : [];
  });
  if (released.length > 0) out.customFields = recordOf([...Object.entries(wanted.customFields ?? {}), ...released]);
  return out;
}
