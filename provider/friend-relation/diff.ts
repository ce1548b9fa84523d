import type { TagItem } from "../commands";
import { containsUnknown, isUnknown } from "../checks";
import { normalizeGroups } from "../friends/field-rules";
import {
  managedPart,
  newlyManaged,
  tagChanges,
  tagProperties,
  tagProperty,
  withReleasedTags,
} from "../friends/managed-tags";
import { type DetailedDiff, type DiffResultWithDetail, diffResult } from "../host/detailed-diff";
import type { FriendRelationInputs, FriendRelationOutputs } from "./inputs";

/**
 * What changed between the recorded state (the old OUTPUTS: the engine gives `diff` outputs, not inputs;
 * docs/pulumi-host.md#check-and-diff) and the new inputs. Pure: `diff` runs during preview and makes no call.
 * Outputs hold exactly the managed tags, so a tag recorded there and no longer declared is cleared.
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
  /**
   * Tags managed from now on, by property (`customFields.Test`): update reads their current value before writing,
   * so they are a change even when the declared value is the empty one.
   */
  newlyManaged: string[];
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function diffRelation(olds: RecordedState, news: DesiredState): RelationDiff {
  const replaces = IDENTITY_FIELDS.filter((field) => isUnknown(news[field]) || news[field] !== olds[field]);
  const recorded = managedPart(olds);
  const wanted = managedPart(news);
  const tags = tagChanges(recorded, withReleasedTags(recorded, wanted, olds.tagsBeforeAdoption));
  // Under unknown values the change is already flagged; which tags are new is known at update.
  const added = tags.hasUnknowns ? {} : newlyManaged(recorded, wanted);
  let hasUnknowns = tags.hasUnknowns;
  let profileTagsChanged = false;
  if (containsUnknown(news.profileTags)) hasUnknowns = true;
  else {
    profileTagsChanged = !sameStrings(normalizeGroups(news.profileTags ?? []), normalizeGroups(olds.profileTags ?? []));
  }
  // addSource and addWording are set once, when the friendship is created: never a change.
  return {
    replaces: [...replaces],
    tagChanges: tags.items,
    hasUnknowns,
    profileTagsChanged,
    newlyManaged: tagProperties(added),
  };
}

/** The DiffResult, with each changed tag named (`remark`, `groups`, `customFields.Test`) for `preview --diff`. */
export function toDiffResult(d: RelationDiff): DiffResultWithDetail {
  const changes =
    d.replaces.length > 0 ||
    d.tagChanges.length > 0 ||
    d.hasUnknowns ||
    d.profileTagsChanged ||
    d.newlyManaged.length > 0;
  return diffResult(changes, d.replaces, d.hasUnknowns, () => {
    const detailed: DetailedDiff = {};
    for (const field of d.replaces) detailed[field] = "update-replace";
    for (const property of d.newlyManaged) detailed[property] = "update";
    for (const item of d.tagChanges) detailed[tagProperty(item.Tag)] = "update";
    if (d.profileTagsChanged) detailed.profileTags = "update";
    return detailed;
  });
}
