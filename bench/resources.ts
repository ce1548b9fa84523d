/**
 * The bench's FriendRelation look-alikes for bench/program: the same inputs as ours, each with the installed
 * provider of its kind (provider-package.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { installedProvider, type PackagedKind } from "./provider-package";

export interface RelationArgs {
  fromAccount: pulumi.Input<string>;
  toAccount: pulumi.Input<string>;
  remark?: pulumi.Input<string>;
  groups?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Type tokens `pulumi-nodejs:dynamic/<module>:FriendRelation`, so each kind's resources are told apart in state. */
const MODULES: Record<PackagedKind, string> = { noop: "noop", naive: "naive", "naive-retrying": "naiveRetrying" };

/** A relation whose provider is the installed one of `kind`: noop (the engine's floor), naive or naive-retrying. */
export class BenchFriendRelation extends pulumi.dynamic.Resource {
  constructor(kind: PackagedKind, name: string, args: RelationArgs, opts?: pulumi.CustomResourceOptions) {
    super(installedProvider(kind), name, { ...args }, opts, MODULES[kind], "FriendRelation");
  }
}
