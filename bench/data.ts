/**
 * The benchmark's data set, the same for every scenario and provider: `relations` friend relations spread evenly over
 * `accounts` owners (`u00`, `u01`, …), each with a remark and one friend list. Listed owner by owner (u00→f00000,
 * u00→f00001, …, then u01's), as a program looping over accounts and then friends declares them: operations in
 * flight together mostly share an account, which is where coalescing pays and where naive writes collide (30008). The
 * bench program (bench/program) declares the same data.
 */
export interface BenchRelation {
  name: string;
  fromAccount: string;
  toAccount: string;
  remark: string;
  groups: string[];
}

export function ownerIds(accounts: number): string[] {
  return Array.from({ length: accounts }, (_, a) => `u${String(a).padStart(2, "0")}`);
}

export function friendsPerOwner(relations: number, accounts: number): number {
  return Math.ceil(relations / accounts);
}

export function friendIds(relations: number, accounts: number): string[] {
  return Array.from({ length: friendsPerOwner(relations, accounts) }, (_, j) => `f${String(j).padStart(5, "0")}`);
}

/**
 * Which remarks the data set declares: `base`, or `changed`, where every tenth relation in declaration order (10% of
 * them, spread over the owners) has another remark: the engine's update step.
 */
export type RemarkVariant = "base" | "changed";

export const REMARK_VARIANTS: readonly RemarkVariant[] = ["base", "changed"];

/** Whether the relation at `index` (declaration order) changes its remark in the `changed` variant. */
export function isChangedInVariant(index: number): boolean {
  return index % 10 === 0;
}

export function benchRelations(relations: number, accounts: number, variant: RemarkVariant = "base"): BenchRelation[] {
  const owners = ownerIds(accounts);
  const friends = friendIds(relations, accounts);
  const out: BenchRelation[] = [];
  for (let a = 0; a < owners.length && out.length < relations; a++) {
    for (let j = 0; j < friends.length && out.length < relations; j++) {
      const changed = variant === "changed" && isChangedInVariant(out.length);
      out.push({
        name: `${owners[a]}-${friends[j]}`,
        fromAccount: owners[a],
        toAccount: friends[j],
        remark: changed ? `bench ${j} changed` : `bench ${j}`,
        groups: ["bench"],
      });
    }
  }
  return out;
}

/** How many friends each owner gets in this data set. */
export function friendsByOwner(relations: BenchRelation[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of relations) counts.set(r.fromAccount, (counts.get(r.fromAccount) ?? 0) + 1);
  return counts;
}

/**
 * The fewest requests the service allows (docs/rest-api.md#commands: 1000 items per write, 100 per friend_get_list as
 * Tencent recommends): writes Σ⌈friends/1000⌉, reads Σ⌈friends/100⌉ over the owners.
 */
export function minimumCalls(relations: BenchRelation[], kind: "write" | "read"): number {
  const perCall = kind === "write" ? 1000 : 100;
  let total = 0;
  for (const n of friendsByOwner(relations).values()) total += Math.ceil(n / perCall);
  return total;
}
