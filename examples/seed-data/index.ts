import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FriendRelation } from "pulumi-tencent-chat";
import { directedRelations, loadSeedData } from "./seed-data";

// Seed friend data declared in a file: edit friends.json and run `pulumi up` (or `npm start`) again.
const config = new pulumi.Config("seed");
const dataFile = path.resolve(__dirname, config.get("dataFile") ?? "friends.json");
const data = loadSeedData(dataFile);

const relations = directedRelations(data).map(
  (relation) =>
    new FriendRelation(`${relation.fromAccount}-${relation.toAccount}`, {
      ...relation,
      profileTags: ["Tag_Profile_IM_Nick"],
    }),
);

export const friendships = relations.map((r) => pulumi.interpolate`${r.fromAccount} → ${r.toAccount}`);
export const createdByStack = relations.map((r) => r.createdByResource);
