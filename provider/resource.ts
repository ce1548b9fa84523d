import * as pulumi from "@pulumi/pulumi";
import { dynamicProviderShim } from "./shim";

/**
 * One friend relation of Tencent Cloud Chat, declared as code: `toAccount` in `fromAccount`'s friend list, with the
 * tags this resource manages (remark, friend lists, custom fields).
 *
 * Type token `pulumi-nodejs:dynamic/tencent-chat:FriendRelation` (a dynamic resource with its own module and type, so
 * `pulumi stack` and the console show what it is). The id is `<fromAccount>/<toAccount>`, each part percent-encoded.
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
  /** Custom friend fields keyed by the keyword after `Tag_SNS_Custom_` (letters only, ≤8 bytes; configured in the console). */
  customFields?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** `AddSource_Type_<letters ≤8>`, used only when this resource creates the friendship. Default `AddSource_Type_Pulumi`. */
  addSource?: pulumi.Input<string>;
  /** At most 256 bytes, used only when this resource creates the friendship. */
  addWording?: pulumi.Input<string>;
  /** The friend's profile tags to read into `profile`, e.g. `["Tag_Profile_IM_Nick"]`. */
  profileTags?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * The provider object shared by every FriendRelation: a shim (shim.ts) that serializes to a few KB and loads the real
 * FriendRelationProvider in the host (runtime.ts). One object, so one `__provider` text and one cached host provider.
 */
let sharedShim: pulumi.dynamic.ResourceProvider | undefined;

export function friendRelationProvider(): pulumi.dynamic.ResourceProvider {
  sharedShim ??= dynamicProviderShim("friendRelation");
  return sharedShim;
}

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

  constructor(name: string, args: FriendRelationArgs, opts?: pulumi.CustomResourceOptions) {
    const props: pulumi.Inputs = {
      ...args,
      // Output-only properties: listed so the resource exposes them.
      addTime: undefined,
      profile: undefined,
      createdByResource: undefined,
    };
    for (const key of ["remark", "groups", "customFields", "addSource", "addWording", "profileTags"] as const) {
      if (!(key in props)) props[key] = undefined;
    }
    super(friendRelationProvider(), name, props, opts, "tencent-chat", "FriendRelation");
  }
}
