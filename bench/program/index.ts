import { FriendRelation, FriendSet } from "pulumi-tencent-chat";
import { benchRelations, type RemarkVariant } from "../data";
import { BenchFriendRelation } from "../resources";

/**
 * Declares the benchmark data set (bench/data.ts) with the provider PTC_BENCH_KIND names: our FriendRelation (`ours`,
 * the default), the naive baselines (`naive`, `naive-retrying`), the engine's floor (`noop`), or one FriendSet per
 * owner (`friend-set`). PTC_BENCH_REMARKS=changed declares the variant with 10% of the remarks changed.
 */
const kind = process.env.PTC_BENCH_KIND ?? "ours";
const variant: RemarkVariant = process.env.PTC_BENCH_REMARKS === "changed" ? "changed" : "base";
const relations = benchRelations(
  Number(process.env.PTC_BENCH_RELATIONS ?? 1000),
  Number(process.env.PTC_BENCH_ACCOUNTS ?? 10),
  variant,
);

if (kind === "friend-set") {
  const owners = [...new Set(relations.map((r) => r.fromAccount))];
  for (const owner of owners) {
    const friends = relations
      .filter((r) => r.fromAccount === owner)
      .map((r) => [r.toAccount, { remark: r.remark, groups: r.groups }] as const);
    new FriendSet(`${owner}-friends`, { fromAccount: owner, friends: Object.fromEntries(friends) });
  }
} else {
  for (const { name, ...args } of relations) {
    if (kind === "noop" || kind === "naive" || kind === "naive-retrying") new BenchFriendRelation(kind, name, args);
    else if (kind === "ours") new FriendRelation(name, args);
    else throw new Error(`PTC_BENCH_KIND: expected ours, naive, naive-retrying, noop or friend-set, got "${kind}"`);
  }
}

export const declared = relations.length;
