import { Account, FriendRelation, FriendSet } from "pulumi-tencent-chat";

// Two accounts, a mutual friendship between them, and a friend list for a third account.
// Run `npx tencent-chat emulator --accounts carol` in another terminal to deploy against the local emulator.
const alice = new Account("alice", { userId: "alice", nick: "Alice" });
const bob = new Account("bob", { userId: "bob", nick: "Bob" });

new FriendRelation("alice-bob", { fromAccount: alice.userId, toAccount: bob.userId, remark: "Bob", groups: ["team"] });
new FriendRelation("bob-alice", { fromAccount: bob.userId, toAccount: alice.userId, remark: "Alice" });

const carolFriends = new FriendSet(
  "carol-friends",
  { fromAccount: "carol", friends: { alice: { remark: "Alice (team lead)" }, bob: { groups: ["team"] } } },
  { dependsOn: [alice, bob] },
);

export const carolCreated = carolFriends.friends;
