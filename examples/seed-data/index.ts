import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareFromFile } from "pulumi-tencent-chat/declaration";

// The seed data of seed.yaml inside a Pulumi program of your own: the same resources `tencent-chat apply seed.yaml`
// deploys (one Account per account, one FriendSet per account with friends), next to anything else you declare.
const file = path.resolve(__dirname, new pulumi.Config("seed").get("file") ?? "seed.yaml");
const { accounts, friendSets } = declareFromFile(file);

export const accountsCreatedByStack = Object.fromEntries(
  [...accounts].map(([userId, account]) => [userId, account.createdByResource]),
);
export const friendCounts = Object.fromEntries(
  [...friendSets].map(([owner, set]) => [owner, set.friends.apply((friends) => Object.keys(friends).length)]),
);
