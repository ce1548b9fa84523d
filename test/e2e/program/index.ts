import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { FriendRelation, FriendSet } from "pulumi-tencent-chat";
// Type only: erased, so the program loads nothing of the test harness.
import type { Declared, DeclaredSet } from "../../helpers/pulumi-stack";

const declaration = JSON.parse(readFileSync(process.env.PTC_E2E_DECLARATION ?? "", "utf8")) as {
  relations: Declared[];
  sets?: DeclaredSet[];
};
for (const { name, ...args } of declaration.sets ?? []) new FriendSet(name, args);
const byName = new Map<string, FriendRelation>();
for (const { name, remarkFromAddTimeOf, importId, ...args } of declaration.relations) {
  const source = remarkFromAddTimeOf ? byName.get(remarkFromAddTimeOf) : undefined;
  const remark = source ? source.addTime.apply((t) => `added at ${t}`) : args.remark;
  byName.set(name, new FriendRelation(name, { ...args, remark }, importId ? { import: importId } : undefined));
}

export const ids = [...byName.values()].map((r) => r.id);
export const created = Object.fromEntries([...byName.entries()].map(([name, r]) => [name, r.createdByResource]));
export const stackName = pulumi.getStack();
