import { isUnknown, own, propertyPath } from "../checks";
import { type DetailedDiff, type DiffResultWithDetail, diffResult } from "../host/detailed-diff";
import { IMAGE_TAG, NICK_TAG } from "./profile-rules";
import type { AccountInputs, AccountOutputs } from "./inputs";
import { managedTags, profileChanges, withReleasedProfile } from "./managed-profile";

/** What changed between an Account's recorded outputs and its new inputs. Pure (runs during preview). */
export interface AccountDiff {
  replaces: string[];
  /** The profile tags whose value changes, in the order written. */
  changedTags: string[];
  hasUnknowns: boolean;
}

export function diffAccount(olds: Partial<AccountOutputs>, news: Partial<AccountInputs>): AccountDiff {
  const replaces = isUnknown(news.userId) || news.userId !== olds.userId ? ["userId"] : [];
  const recorded = managedTags(olds);
  const changes = profileChanges(
    recorded,
    withReleasedProfile(recorded, managedTags(news), olds.profileBeforeAdoption),
  );
  // A field managed from now on is a change even at its unset value: update reads what it is.
  const added = changes.hasUnknowns
    ? []
    : Object.keys(managedTags(news)).filter((tag) => own(recorded, tag) === undefined);
  const changedTags = [...new Set([...changes.items.map((item) => item.Tag), ...added])];
  return { replaces, changedTags, hasUnknowns: changes.hasUnknowns };
}

/** The DiffResult, with each changed field named (`nick`, `faceUrl`, `profile.Tag_Profile_IM_Gender`). */
export function toAccountDiffResult(d: AccountDiff): DiffResultWithDetail {
  const changes = d.replaces.length > 0 || d.changedTags.length > 0 || d.hasUnknowns;
  return diffResult(changes, d.replaces, d.hasUnknowns, () => {
    const detailed: DetailedDiff = {};
    for (const field of d.replaces) detailed[field] = "update-replace";
    for (const tag of d.changedTags) {
      detailed[tag === NICK_TAG ? "nick" : tag === IMAGE_TAG ? "faceUrl" : propertyPath(["profile", tag])] = "update";
    }
    return detailed;
  });
}
