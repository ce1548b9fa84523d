import { isUnknown } from "../checks";
import type { AccountInputs, AccountOutputs } from "./inputs";
import { managedTags, profileChanges } from "./managed-profile";

/** What changed between an Account's recorded outputs and its new inputs. Pure (runs during preview). */
export interface AccountDiff {
  replaces: string[];
  /** The profile tags whose value changes, in the order written. */
  changedTags: string[];
  hasUnknowns: boolean;
}

export function diffAccount(olds: Partial<AccountOutputs>, news: Partial<AccountInputs>): AccountDiff {
  const replaces = isUnknown(news.userId) || news.userId !== olds.userId ? ["userId"] : [];
  const changes = profileChanges(managedTags(olds), managedTags(news));
  return { replaces, changedTags: changes.items.map((item) => item.Tag), hasUnknowns: changes.hasUnknowns };
}

export function toAccountDiffResult(d: AccountDiff): {
  changes: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
} {
  const changes = d.replaces.length > 0 || d.changedTags.length > 0 || d.hasUnknowns;
  if (d.replaces.length === 0) return { changes };
  // The old account's delete must not undo the new one's create of the same UserID.
  return { changes, replaces: d.replaces, deleteBeforeReplace: true };
}
