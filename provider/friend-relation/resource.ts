import * as pulumi from "@pulumi/pulumi";
import friendRelationProvider = require("../host/friend-relation");
import {
  mapAsOutput,
  ownershipMarker,
  refuseImport,
  withOutputSlots,
  checkStackConfig,
} from "../host/resource-options";
import { OUTPUT_ONLY_PROPERTIES } from "./properties";

/**
 * One friend relation of Tencent Cloud Chat, declared as code: `toAccount` in `fromAccount`'s friend list, with the
 * tags this resource manages (remark, friend lists, custom fields). A relation is one-way; declare both directions
 * for a mutual friendship.
 */
export interface FriendRelationArgs {
  /** The user whose friend list holds the relation. Changing it replaces the resource. */
  fromAccount: pulumi.Input<string>;
  /** The friend. Changing it replaces the resource. */
  toAccount: pulumi.Input<string>;
  /** `Tag_SNS_IM_Remark`, at most 96 bytes. Left out: not managed. Removing it later clears it. */
  remark?: pulumi.Input<string>;
  /** `Tag_SNS_IM_Group`: the friend lists, a set (order is ignored), each name 1–30 bytes, at most 32. */
  groups?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Custom friend fields keyed by the keyword after `Tag_SNS_Custom_` (letters only, ≤8 bytes; configured in the
   * console).
   */
  customFields?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * `AddSource_Type_<letters ≤8>`, used only when this resource creates the friendship. Default
   * `AddSource_Type_Pulumi`.
   */
  addSource?: pulumi.Input<string>;
  /** At most 256 bytes, used only when this resource creates the friendship. */
  addWording?: pulumi.Input<string>;
  /** The friend's profile tags to read into `profile`, e.g. `["Tag_Profile_IM_Nick"]`. */
  profileTags?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Type token `pulumi-nodejs:dynamic/tencent-chat:FriendRelation`. The id is `<fromAccount>/<toAccount>`, each part
 * percent-encoded.
 */
export class FriendRelation extends pulumi.dynamic.Resource {
  declare readonly fromAccount: pulumi.Output<string>;
  declare readonly toAccount: pulumi.Output<string>;
  /** Present when the resource manages the remark ("" when unset). */
  declare readonly remark: pulumi.Output<string | undefined>;
  declare readonly groups: pulumi.Output<string[] | undefined>;
  declare readonly customFields: pulumi.Output<Record<string, string> | undefined>;
  /** The friendship's real AddSource and AddWording, whoever created it. */
  declare readonly addSource: pulumi.Output<string | undefined>;
  declare readonly addWording: pulumi.Output<string | undefined>;
  /** Unix seconds at which the friendship formed. */
  declare readonly addTime: pulumi.Output<number>;
  declare readonly profileTags: pulumi.Output<string[] | undefined>;
  /** The friend's profile tags named by `profileTags` (read-only). */
  declare readonly profile: pulumi.Output<Record<string, string | number>>;
  /** Whether this resource created the friendship (delete removes it) or adopted an existing one (delete keeps it). */
  declare readonly createdByResource: pulumi.Output<boolean>;
  /** On an adopted friendship: the managed tags as they were before adoption, which delete writes back. */
  declare readonly tagsBeforeAdoption: pulumi.Output<
    { remark?: string; groups?: string[]; customFields?: Record<string, string> } | undefined
  >;

  constructor(name: string, args: FriendRelationArgs, opts?: pulumi.CustomResourceOptions) {
    checkStackConfig();
    refuseImport("FriendRelation", name, opts, "create finds an existing friendship and adopts it");
    const props = withOutputSlots(
      {
        ...args,
        customFields: mapAsOutput(args.customFields),
        ownershipMarker: ownershipMarker("FriendRelation", name),
      } as unknown as pulumi.Inputs,
      ["remark", "groups", "customFields", "addSource", "addWording", "profileTags", ...OUTPUT_ONLY_PROPERTIES],
    );
    super(friendRelationProvider, name, props, opts, "tencent-chat", "FriendRelation");
  }
}
