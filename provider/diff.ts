import type { TagItem } from "./commands/wire";
import { SNS_CUSTOM_PREFIX, SnsTag } from "./commands/tags";
import { FriendRelationInputs, FriendRelationOutputs, isUnknown, normalizeGroups } from "./inputs";

/**
 * What changed between the recorded state (the old OUTPUTS: the engine gives `diff` outputs, not inputs) and the
 * new inputs. Pure: `diff` runs during preview and makes no network call.
 *
 * A tag is managed when the inputs declare it or the outputs record it (outputs hold exactly the managed tags).
 * A managed tag the user removed is cleared: its empty value is written (spec §4.7, "Clearing").
 */

export type RecordedState = Partial<FriendRelationOutputs>;
export type DesiredState = Partial<FriendRelationInputs>;

/** The identity fields: changing one replaces the resource. */
export const IDENTITY_FIELDS = ["fromAccount", "toAccount"] as const;

export interface RelationDiff {
  /** Identity fields whose value changed (or is unknown during preview). */
  replaces: string[];
  /** The SnsItems that bring the friendship to the new inputs; cleared tags carry their empty value. */
  tagChanges: TagItem[];
  /** Some new input is not known yet (preview), so it may change something. */
  hasUnknowns: boolean;
  /** The profile tags to read back changed (no write needed, but the outputs change). */
  profileTagsChanged: boolean;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export function diffRelation(olds: RecordedState, news: DesiredState): RelationDiff {
  const replaces = IDENTITY_FIELDS.filter((field) => isUnknown(news[field]) || news[field] !== olds[field]);
  const tagChanges: TagItem[] = [];
  let hasUnknowns = false;

  if (news.remark !== undefined || olds.remark !== undefined) {
    if (isUnknown(news.remark)) hasUnknowns = true;
    else if ((news.remark ?? "") !== (olds.remark ?? ""))
      tagChanges.push({ Tag: SnsTag.remark, Value: news.remark ?? "" });
  }

  if (news.groups !== undefined || olds.groups !== undefined) {
    if (containsUnknown(news.groups)) hasUnknowns = true;
    else {
      const wanted = normalizeGroups(news.groups ?? []);
      if (!sameStrings(wanted, normalizeGroups(olds.groups ?? [])))
        tagChanges.push({ Tag: SnsTag.group, Value: wanted });
    }
  }

  if (containsUnknown(news.customFields)) hasUnknowns = true;
  else {
    const wanted = news.customFields ?? {};
    const recorded = olds.customFields ?? {};
    for (const key of [...new Set([...Object.keys(recorded), ...Object.keys(wanted)])].sort()) {
      if ((wanted[key] ?? "") !== (recorded[key] ?? ""))
        tagChanges.push({ Tag: `${SNS_CUSTOM_PREFIX}${key}`, Value: wanted[key] ?? "" });
    }
  }

  let profileTagsChanged = false;
  if (containsUnknown(news.profileTags)) hasUnknowns = true;
  else
    profileTagsChanged = !sameStrings(normalizeGroups(news.profileTags ?? []), normalizeGroups(olds.profileTags ?? []));

  // addSource and addWording are set once, when the friendship is created (spec §5.2): never a change.
  return { replaces: [...replaces], tagChanges, hasUnknowns, profileTagsChanged };
}

/** The DiffResult the dynamic-provider host expects. */
export function toDiffResult(d: RelationDiff): {
  changes: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
} {
  const changes = d.replaces.length > 0 || d.tagChanges.length > 0 || d.hasUnknowns || d.profileTagsChanged;
  if (d.replaces.length === 0) return { changes };
  // Create-before-delete would have the old resource's delete undo the new one's create of the same pair.
  return { changes, replaces: d.replaces, deleteBeforeReplace: true };
}
