import type * as pulumi from "@pulumi/pulumi";
import { Account } from "../provider/account/resource";
import { recordOf, sortedEntries } from "../provider/checks/records";
import { FriendRelation } from "../provider/friend-relation/resource";
import { FriendSet } from "../provider/friend-set/resource";
import { type Declaration, loadDeclaration } from "./declaration";

export { type Declaration, DeclarationFileError, loadDeclaration } from "./declaration";

/** The resources a declaration becomes, by UserID. */
export interface DeclaredResources {
  accounts: Map<string, Account>;
  /** One per declared account that has friends. */
  friendSets: Map<string, FriendSet>;
  /** By `owner/friend`: the friends a FriendSet cannot hold (see below). */
  friendRelations: Map<string, FriendRelation>;
}

/**
 * Friend UserIDs a FriendSet cannot carry: Pulumi's SDK drops a `__proto__` key of a map property. Such a friend is
 * declared as a FriendRelation of its own, where the UserID is a value.
 */
const SET_UNSAFE_KEYS = new Set(["__proto__"]);

/**
 * Declares a declaration's resources in the running Pulumi program: one Account per declared account, one FriendSet
 * per account with friends (a friend it cannot hold gets a FriendRelation). A FriendSet depends on the Accounts of its owner and of its declared friends, so accounts
 * exist before friendships are written (friend_import of an account that does not exist is refused with 30003).
 * Resource names are percent-encoded UserIDs, so any legal UserID is a valid name; `opts` applies to every resource.
 */
export function declareResources(declaration: Declaration, opts: pulumi.CustomResourceOptions = {}): DeclaredResources {
  const accounts = new Map<string, Account>();
  for (const [userId, account] of sortedEntries(declaration.accounts)) {
    const args = {
      userId,
      ...(account.nick !== undefined ? { nick: account.nick } : {}),
      ...(account.faceUrl !== undefined ? { faceUrl: account.faceUrl } : {}),
      ...(Object.keys(account.profile).length > 0 ? { profile: account.profile } : {}),
    };
    accounts.set(userId, new Account(encodeURIComponent(userId), args, opts));
  }
  const friendSets = new Map<string, FriendSet>();
  const friendRelations = new Map<string, FriendRelation>();
  for (const [owner, account] of sortedEntries(declaration.accounts)) {
    const friends = sortedEntries(account.friends);
    const dependsOn = (ids: string[]): pulumi.Resource[] =>
      [owner, ...ids].map((id) => accounts.get(id)).filter((r): r is Account => r !== undefined);
    const inSet = friends.filter(([to]) => !SET_UNSAFE_KEYS.has(to));
    if (inSet.length > 0) {
      const args = { fromAccount: owner, friends: recordOf(inSet) };
      const options = { ...opts, dependsOn: dependsOn(inSet.map(([to]) => to)) };
      friendSets.set(owner, new FriendSet(encodeURIComponent(owner), args, options));
    }
    for (const [to, tags] of friends.filter(([id]) => SET_UNSAFE_KEYS.has(id))) {
      const name = `${encodeURIComponent(owner)}/${encodeURIComponent(to)}`;
      const args = { fromAccount: owner, toAccount: to, ...tags };
      friendRelations.set(`${owner}/${to}`, new FriendRelation(name, args, { ...opts, dependsOn: dependsOn([to]) }));
    }
  }
  return { accounts, friendSets, friendRelations };
}

/**
 * Declares the resources of a declaration file (YAML or JSON, format in the package README) in the running Pulumi
 * program: what `tencent-chat apply FILE` deploys, inside a program of your own. A bad file throws before any
 * resource is declared, naming the file, line and column.
 */
export function declareFromFile(file: string, opts: pulumi.CustomResourceOptions = {}): DeclaredResources {
  return declareResources(loadDeclaration(file), opts);
}

/** The Pulumi program `apply` deploys for a declaration, with its counts as stack outputs. */
export function declarationProgram(declaration: Declaration): () => Promise<Record<string, unknown>> {
  return async () => {
    const { accounts } = declareResources(declaration);
    const friendships = Object.values(declaration.accounts).reduce((n, a) => n + Object.keys(a.friends).length, 0);
    return { accounts: accounts.size, friendships };
  };
}
