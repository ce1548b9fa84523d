import * as pulumi from "@pulumi/pulumi";
import { FriendRelation } from "pulumi-tencent-chat";
import { stagingRelations } from "./roster";

// A staging environment built from code: the relations follow from the roster in roster.ts.
const environment = new pulumi.Config("staging").get("environment") ?? "staging";

const relations = stagingRelations(environment).map((r) => new FriendRelation(`${r.fromAccount}-${r.toAccount}`, r));

export const relationCount = relations.length;
export const remarks = relations.map((r) => pulumi.interpolate`${r.fromAccount} → ${r.toAccount}: ${r.remark}`);
