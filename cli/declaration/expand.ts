import { recordOf } from "../../provider/checks";
import { Limits } from "../../provider/commands";
import type { FriendTags } from "../../provider/friends/field-rules";
import type { AccountDeclaration, Declaration } from "./declaration";
import { type DeclaredFile, type DeclaredPair, type Problems } from "./validate";

/**
 * `mutual` expanded into each account's friends, and the rules that span accounts: a pair listed once, both members
 * declared, at most 3000 friends per account once pairs are counted (docs/data-model.md#per-user-limits).
 */
export function expandDeclaration(file: DeclaredFile, problems: Problems): Declaration {
  const declared = new Set(file.accounts.map((account) => account.id));
  const fromPairs = new Map<string, Map<string, FriendTags>>();
  const seen = new Map<string, DeclaredPair>();
  for (const pair of file.pairs) {
    const [a, b] = pair.members;
    if (!a.valid || !b.valid) continue;
    if (a.id === b.id) {
      problems.report(b.at, b.path, `a pair names two different accounts, got "${a.id}" twice`);
      continue;
    }
    const key = JSON.stringify([a.id, b.id].sort());
    const first = seen.get(key);
    if (first) {
      problems.report(
        pair.at,
        ["mutual", pair.index],
        `"${a.id}" and "${b.id}" are already paired at mutual[${first.index}] (${first.at.line}:${first.at.column})`,
      );
      continue;
    }
    seen.set(key, pair);
    // Each member gets a friend list entry, and only a declared account's friends are applied.
    for (const member of pair.members) {
      if (!declared.has(member.id)) {
        problems.report(
          member.at,
          member.path,
          `"${member.id}" is not declared under accounts; a pair gives both accounts a friend, so declare it (${JSON.stringify(member.id)}: {})`,
        );
      }
    }
    addFriend(fromPairs, a.id, b.id, pair.tags);
    addFriend(fromPairs, b.id, a.id, pair.tags);
  }

  const accounts = file.accounts.map((account): [string, AccountDeclaration] => {
    const explicit = new Map(account.friends.map((friend) => [friend.id, friend.tags]));
    const paired = fromPairs.get(account.id) ?? new Map<string, FriendTags>();
    const friends = recordOf<FriendTags>([
      ...[...explicit].map(([id, tags]): [string, FriendTags] => [id, merge(tags, paired.get(id))]),
      ...[...paired].filter(([id]) => !explicit.has(id)).map(([id, tags]): [string, FriendTags] => [id, copy(tags)]),
    ]);
    const count = Object.keys(friends).length;
    if (count > Limits.friendsPerUser) {
      const more = count - explicit.size;
      problems.report(
        account.friendsAt ?? account.at,
        ["accounts", account.id, "friends"],
        `at most ${Limits.friendsPerUser} friends per account, got ${count}` +
          (more > 0 ? ` (${explicit.size} under friends, ${more} more from mutual)` : ""),
      );
    }
    const declaration: AccountDeclaration = { profile: recordOf(account.profile), friends };
    if (account.nick !== undefined) declaration.nick = account.nick;
    if (account.faceUrl !== undefined) declaration.faceUrl = account.faceUrl;
    return [account.id, declaration];
  });
  return { accounts: recordOf(accounts) };
}

function addFriend(lists: Map<string, Map<string, FriendTags>>, from: string, to: string, tags: FriendTags): void {
  const list = lists.get(from) ?? new Map<string, FriendTags>();
  list.set(to, tags);
  lists.set(from, list);
}

/**
 * An explicit entry wins field by field and the pair fills the rest: remark is the entry's own, groups (one field)
 * are the entry's if it has them, and each custom field (a field of its own, docs/data-model.md#custom-friend-fields)
 * is the entry's if it sets that field.
 */
export function merge(explicit: FriendTags, fromPair: FriendTags | undefined): FriendTags {
  if (!fromPair) return copy(explicit);
  const out: FriendTags = {};
  if (explicit.remark !== undefined) out.remark = explicit.remark;
  const groups = explicit.groups ?? fromPair.groups;
  if (groups !== undefined) out.groups = [...groups];
  if (explicit.customFields !== undefined || fromPair.customFields !== undefined) {
    out.customFields = recordOf([
      ...Object.entries(fromPair.customFields ?? {}),
      ...Object.entries(explicit.customFields ?? {}),
    ]);
  }
  return out;
}

/** Each direction of a pair gets its own objects, so changing one account's friends never changes another's. */
function copy(tags: FriendTags): FriendTags {
  const out: FriendTags = {};
  if (tags.remark !== undefined) out.remark = tags.remark;
  if (tags.groups !== undefined) out.groups = [...tags.groups];
  if (tags.customFields !== undefined) out.customFields = recordOf(Object.entries(tags.customFields));
  return out;
}
