import type { TagItem } from "../commands/wire";
import { diffRelation } from "../diff";
import { isUnknown } from "../inputs";
import type { FriendSetInputs, FriendSetOutputs, FriendSpec, FriendState } from "./inputs";

/**
 * What changed between a FriendSet's recorded state (old OUTPUTS) and its new inputs: friends added, removed and
 * changed, with the changed tags of each. Pure (runs during preview). Each friend is compared with FriendRelation's
 * own tag diff (provider/diff.ts), so a friend in a set and a FriendRelation behave the same: only managed tags,
 * groups as a set, a tag removed from the program is cleared.
 */

export interface ChangedFriend {
  toAccount: string;
  /** The SnsItems that bring this friend to its new spec (cleared tags at their empty value). */
  tagChanges: TagItem[];
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

/** A friend's spec in the shape FriendRelation's diff compares (identity fields equal, so they never differ). */
function asRelation(spec: FriendSpec | FriendState) {
  return { fromAccount: "", toAccount: "", remark: spec.remark, groups: spec.groups, customFields: spec.customFields };
}

/** The tags that bring a friend from `recorded` to `wanted` (FriendRelation's rules; `{}` clears every managed tag). */
export function friendTagChanges(recorded: FriendSpec, wanted: FriendSpec): TagItem[] {
  return diffRelation(asRelation(recorded), asRelation(wanted)).tagChanges;
}

export function diffFriendSet(olds: Partial<FriendSetOutputs>, news: Partial<FriendSetInputs>): FriendSetDiff {
  const replaces = isUnknown(news.fromAccount) || news.fromAccount !== olds.fromAccount ? ["fromAccount"] : [];
  const recorded = olds.friends ?? {};
  if (isUnknown(news.friends)) return { replaces, added: [], removed: [], changed: [], hasUnknowns: true };
  const wanted = news.friends ?? {};

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
    const spec = wanted[id];
    if (isUnknown(spec)) {
      hasUnknowns = true;
      continue;
    }
    const d = diffRelation(asRelation(recorded[id]), asRelation(spec));
    if (d.hasUnknowns) hasUnknowns = true;
    if (d.tagChanges.length > 0) changed.push({ toAccount: id, tagChanges: d.tagChanges });
  }
  return { replaces, added, removed, changed, hasUnknowns };
}

/** The DiffResult the dynamic-provider host expects. */
export function toFriendSetDiffResult(d: FriendSetDiff): {
  changes: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
} {
  const changes =
    d.replaces.length > 0 || d.added.length > 0 || d.removed.length > 0 || d.changed.length > 0 || d.hasUnknowns;
  if (d.replaces.length === 0) return { changes };
  // Create-before-delete would let the old set's delete remove friends the new set just created on the same account.
  return { changes, replaces: d.replaces, deleteBeforeReplace: true };
}
