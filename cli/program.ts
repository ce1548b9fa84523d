import type * as pulumi from "@pulumi/pulumi";
import { Account } from "../provider/account/resource";
import { recordOf, sortedEntries } from "../provider/checks/records";
import { FriendSet } from "../provider/friend-set/resource";
import type { Declaration } from "./declaration";

/**
 * The Pulumi program `apply` deploys for a declaration: one Account per declared account, one FriendSet per account
 * with friends. A FriendSet depends on the Accounts of its owner and of its declared friends, so accounts exist before
 * friendships are written (friend_import of an account that does not exist is refused with 30003). Resource names
 * are percent-encoded UserIDs, so any legal UserID is a valid name.
 */
export function declarationProgram(declaration: Declaration): () => Promise<Record<string, unknown>> {
  return async () => {
    const accounts = new Map<string, Account>();
    for (const [userId, account] of sortedEntries(declaration.accounts)) {
      accounts.set(
        userId,
        new Account(encodeURIComponent(userId), {
          userId,
          ...(account.nick !== undefined ? { nick: account.nick } : {}),
          ...(account.faceUrl !== undefined ? { faceUrl: account.faceUrl } : {}),
          ...(Object.keys(account.profile).length > 0 ? { profile: account.profile } : {}),
        }),
      );
    }
    let friendships = 0;
    for (const [owner, account] of sortedEntries(declaration.accounts)) {
      const friends = sortedEntries(account.friends);
      if (friends.length === 0) continue;
      friendships += friends.length;
      const dependsOn: pulumi.Resource[] = [owner, ...friends.map(([to]) => to)]
        .map((id) => accounts.get(id))
        .filter((r): r is Account => r !== undefined);
      new FriendSet(encodeURIComponent(owner), { fromAccount: owner, friends: recordOf(friends) }, { dependsOn });
    }
    return { accounts: accounts.size, friendships };
  };
}
