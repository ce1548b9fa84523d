import { readFileSync } from "node:fs";
import { z } from "zod";

/** The shape of a seed data file such as friends.json. Field rules beyond shape are the provider's `check`. */
function seedDataSchema() {
  const fields = {
    remark: z.string().optional(),
    groups: z.array(z.string()).optional(),
    customFields: z.record(z.string(), z.string()).optional(),
  };
  return z.object({
    accounts: z.array(z.object({ userId: z.string(), nick: z.string().optional() })),
    relations: z.array(z.object({ from: z.string(), to: z.string(), ...fields, reverse: z.object(fields).optional() })),
  });
}

export type SeedData = z.infer<ReturnType<typeof seedDataSchema>>;

/** One direction of a friendship, as a FriendRelation declares it. */
export interface DirectedRelation {
  fromAccount: string;
  toAccount: string;
  remark?: string;
  groups?: string[];
  customFields?: Record<string, string>;
}

export function loadSeedData(path: string): SeedData {
  const parsed = seedDataSchema().safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** Every declared direction: a relation, plus its reverse when it has one. */
export function directedRelations(data: SeedData): DirectedRelation[] {
  return data.relations.flatMap(({ from, to, reverse, ...fields }) => {
    const forward: DirectedRelation = { fromAccount: from, toAccount: to, ...fields };
    return reverse ? [forward, { fromAccount: to, toAccount: from, ...reverse }] : [forward];
  });
}
