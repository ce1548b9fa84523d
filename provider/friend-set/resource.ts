import * as pulumi from "@pulumi/pulumi";
import friendSetProvider = require("../host/friend-set");
import { mapAsOutput, ownershipMarker, refuseImport, refuseLostKeys, checkStackConfig } from "../host/resource-options";

/** One friend of a FriendSet: the tags to manage on it. A tag left out is not managed. */
export interface FriendSetFriendArgs {
  /** `Tag_SNS_IM_Remark`, at most 96 bytes. */
  remark?: pulumi.Input<string>;
  /** `Tag_SNS_IM_Group`: the friend lists, a set (order is ignored), each name 1–30 bytes, at most 32. */
  groups?: pulumi.Input<pulumi.Input<string>[]>;
  /** Custom friend fields keyed by the keyword after `Tag_SNS_Custom_` (letters only, ≤8 bytes). */
  customFields?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface FriendSetArgs {
  /** The account whose friend list this set declares. Changing it replaces the resource. */
  fromAccount: pulumi.Input<string>;
  /** Friend UserID → its managed tags. Friends the account has but the set does not list are left alone. */
  friends: pulumi.Input<Record<string, pulumi.Input<FriendSetFriendArgs>>>;
}

/** A friend as the set records it. */
export interface FriendSetFriend {
  remark?: string;
  groups?: string[];
  customFields?: Record<string, string>;
  /** True if the set created the friendship (removing the friend deletes it), false if it adopted an existing one. */
  createdByResource: boolean;
  /** On an adopted friendship: the managed tags as they were before; removing the friend writes them back. */
  tagsBeforeAdoption?: { remark?: string; groups?: string[]; customFields?: Record<string, string> };
}

/**
 * All the friends one account should have, declared as one resource: type token
 * `pulumi-nodejs:dynamic/tencent-chat:FriendSet`, id = the percent-encoded `fromAccount`.
 */
export class FriendSet extends pulumi.dynamic.Resource {
  declare readonly fromAccount: pulumi.Output<string>;
  /** Every friend of the set as it really is, with whether the set created it. */
  declare readonly friends: pulumi.Output<Record<string, FriendSetFriend>>;

  constructor(name: string, args: FriendSetArgs, opts?: pulumi.CustomResourceOptions) {
    checkStackConfig();
    refuseImport("FriendSet", name, opts, "create finds the friendships that exist and adopts them");
    refuseLostKeys("FriendSet", name, "friends", args.friends);
    const props = { ...args, friends: mapAsOutput(args.friends), ownershipMarker: ownershipMarker("FriendSet", name) };
    super(friendSetProvider, name, props, opts, "tencent-chat", "FriendSet");
  }
}
