import { FriendRelation } from "pulumi-tencent-chat";
import { benchRelations } from "../data";
import { NaiveFriendRelation } from "../naive-provider";

/** Declares the benchmark data set (bench/data.ts) with our FriendRelation or the naive baseline. */
const kind = process.env.PTC_BENCH_KIND === "naive" ? "naive" : "ours";
const relations = benchRelations(
  Number(process.env.PTC_BENCH_RELATIONS ?? 1000),
  Number(process.env.PTC_BENCH_ACCOUNTS ?? 10),
);

for (const { name, ...args } of relations) {
  if (kind === "naive") new NaiveFriendRelation(name, args);
  else new FriendRelation(name, args);
}

export const declared = relations.length;
