import type { FriendTags } from "../../provider/friends/friend-tags";

export type { FriendTags };

/** One declared account, after `mutual` is expanded. A field left out is not managed. */
export interface AccountDeclaration {
  nick?: string;
  faceUrl?: string;
  /** Profile tag → value, without Nick and Image (they are `nick` and `faceUrl`); `{}` when none. */
  profile: Record<string, string | number>;
  /** Friend UserID → the tags managed on that friend; `{}` when none. */
  friends: Record<string, FriendTags>;
}

/** What a declaration file asks for: the declared accounts, each with every friend it should have. */
export interface Declaration {
  /**
   * Declared UserID → account. An account named only as someone's friend is not a key: the caller checks that it
   * exists in the app rather than managing it.
   */
  accounts: Record<string, AccountDeclaration>;
}

/** The friends of declared accounts that are not declared themselves, sorted and without repeats. */
export function undeclaredFriends(decl: Declaration): string[] {
  const found = new Set<string>();
  for (const account of Object.values(decl.accounts)) {
    for (const id of Object.keys(account.friends)) if (!Object.hasOwn(decl.accounts, id)) found.add(id);
  }
  return [...found].sort(byCodeUnit);
}

/** Locale-independent order, the same on every machine. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
