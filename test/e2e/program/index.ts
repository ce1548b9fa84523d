import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { FriendRelation } from "../../../provider";

/** What a test declares: relations, and for some of them an input that stays unknown until another resource exists. */
interface Declaration {
  relations: Array<{
    name: string;
    fromAccount: string;
    toAccount: string;
    remark?: string;
    groups?: string[];
    customFields?: Record<string, string>;
    /** Take the remark from this other relation's `addTime` output: unknown during a first preview. */
    remarkFromAddTimeOf?: string;
    /** The `import` resource option. */
    importId?: string;
  }>;
}

const declaration = JSON.parse(readFileSync(process.env.PTC_E2E_DECLARATION ?? "", "utf8")) as Declaration;
const byName = new Map<string, FriendRelation>();
for (const { name, remarkFromAddTimeOf, importId, ...args } of declaration.relations) {
  const source = remarkFromAddTimeOf ? byName.get(remarkFromAddTimeOf) : undefined;
  const remark = source ? source.addTime.apply((t) => `added at ${t}`) : args.remark;
  byName.set(name, new FriendRelation(name, { ...args, remark }, importId ? { import: importId } : undefined));
}

export const ids = [...byName.values()].map((r) => r.id);
export const created = Object.fromEntries([...byName.entries()].map(([name, r]) => [name, r.createdByResource]));
export const stackName = pulumi.getStack();
