import type { TagItem } from "../commands";
import { isUnknown, own, propertyPath } from "../checks";
import type { FriendTags } from "../friends/field-rules";
import {
  managedPart,
  newlyManaged,
  tagChanges,
  tagProperties,
  tagProperty,
  withReleasedTags,
} from "../friends/managed-tags";
import { type DetailedDiff, type DiffResultWithDetail, diffResult } from "../host/detailed-diff";
import type { FriendSetInputs, FriendSetOutputs } from "./inputs";

/**
 * What changed between a FriendSet's recorded state (old OUTPUTS) and its new inputs: friends added, removed and
 * changed, with the changed tags of each. Pure (runs during preview). Each friend is compared by the same rule as a
 * FriendRelation (friends/managed-tags.ts).
 */
export interface ChangedFriend {
  toAccount: string;
  /** The SnsItems that bring this friend to its new spec (released tags at their earlier or empty value). */
  tagChanges: TagItem[];
  /** Tags managed from now on, as property paths; their current value is read before anything is written. */
  newlyManaged: string[];
}

export interface FriendSetDiff {
  /** `fromAccount` when it changed (or is unknown): the resource is replaced. */
  replaces: string[];
  /** Friends in the new inputs but not in the state, sorted. */
  added: string[];
  /** Friends in the state but not in the new inputs, sorted. */
  removed: string[];
  /** Friends in both whose managed tags differ, sorted by UserID. */
  changed: ChangedFriend[];
  /** Some input is not known yet (preview), so it may change something. */
  hasUnknowns: boolean;
}

export function diffFriendSet(olds: Partial<FriendSetOutputs>, news: Partial<FriendSetInputs>): FriendSetDiff {
  const replaces = isUnknown(news.fromAccount) || news.fromAccount !== olds.fromAccount ? ["fromAccount"] : [];
  const recorded = olds.friends ?? {};
  if (isUnknown(news.friends)) return { replaces, added: [], removed: [], changed: [], hasUnknowns: true };
  const wanted: Record<string, FriendTags> = news.friends ?? {};

  const added = Object.keys(wanted)
    .filter((id) => !Object.hasOwn(recorded, id))
    .sort();
  const removed = Object.keys(recorded)
    .filter((id) => !Object.hasOwn(wanted, id))
    .sort();
  const changed: ChangedFriend[] = [];
  let hasUnknowns = false;
  for (const id of Object.keys(wanted)
    .filter((id) => Object.hasOwn(recorded, id))
    .sort()) {
    const spec = own(wanted, id) as FriendTags;
    if (isUnknown(spec)) {
      hasUnknowns = true;
      continue;
    }
    const state = own(recorded, id) ?? { createdByResource: false };
    const before = managedPart(state);
    const d = tagChanges(before, withReleasedTags(before, managedPart(spec), state.tagsBeforeAdoption));
    if (d.hasUnknowns) hasUnknowns = true;
    const added = d.hasUnknowns ? [] : tagProperties(newlyManaged(before, managedPart(spec)), ["friends", id]);
    if (d.items.length > 0 || added.length > 0)
      changed.push({ toAccount: id, tagChanges: d.items, newlyManaged: added });
  }
  return { replaces, added, removed, changed, hasUnknowns };
}

/**
 * The DiffResult, per friend and per tag (`friends.bob.remark`) for `preview --diff`: a set of 2,000 friends with one
 * changed remark shows that remark, not the 2,000 friends.
 */
export function toFriendSetDiffResult(d: FriendSetDiff): DiffResultWithDetail {
  const changes =
    d.replaces.length > 0 || d.added.length > 0 || d.removed.length > 0 || d.changed.length > 0 || d.hasUnknowns;
  return diffResult(changes, d.replaces, d.hasUnknowns, () => {
    const detailed: DetailedDiff = {};
    for (const field of d.replaces) detailed[field] = "update-replace";
    for (const to of d.added) detailed[propertyPath(["friends", to])] = "add";
    for (const to of d.removed) detailed[propertyPath(["friends", to])] = "delete";
    for (const { toAccount, tagChanges, newlyManaged } of d.changed) {
      for (const property of newlyManaged) detailed[property] = "update";
      for (const item of tagChanges) detailed[tagProperty(item.Tag, ["friends", toAccount])] = "update";
    }
    return detailed;
  });
}
