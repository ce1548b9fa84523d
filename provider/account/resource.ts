import * as pulumi from "@pulumi/pulumi";
import accountProvider = require("../host/account");
import { mapAsOutput, refuseImport, withOutputSlots, checkStackConfig } from "../host/resource-options";

export interface AccountArgs {
  /** The UserID (printable ASCII, 1–32 bytes). Changing it replaces the resource. */
  userId: pulumi.Input<string>;
  /** Tag_Profile_IM_Nick. Left out: not managed. Removing it later clears it. */
  nick?: pulumi.Input<string>;
  /** Tag_Profile_IM_Image, the avatar URL. Left out: not managed. */
  faceUrl?: pulumi.Input<string>;
  /**
   * Other profile fields to manage, by tag: standard `Tag_Profile_IM_*` (Gender, BirthDay, Location,
   * SelfSignature, AllowType, Language, AdminForbidType, Level, Role, MsgSettings) or configured
   * `Tag_Profile_Custom_*` strings. A tag removed later is set back to its unset value.
   */
  profile?: pulumi.Input<Record<string, pulumi.Input<string | number>>>;
}

/**
 * A Tencent Cloud Chat account: type token `pulumi-nodejs:dynamic/tencent-chat:Account`, id = the percent-encoded
 * UserID. Create adopts an account that exists; delete removes only an account this resource imported. Pass its
 * `userId` output to a FriendRelation or FriendSet so the account exists before its friendships are written.
 */
export class Account extends pulumi.dynamic.Resource {
  declare readonly userId: pulumi.Output<string>;
  declare readonly nick: pulumi.Output<string | undefined>;
  declare readonly faceUrl: pulumi.Output<string | undefined>;
  /** The managed profile fields as they are. */
  declare readonly profile: pulumi.Output<Record<string, string | number> | undefined>;
  /** Whether this resource imported the account (delete removes it) or adopted an existing one (delete keeps it). */
  declare readonly createdByResource: pulumi.Output<boolean>;
  /** On an adopted account: the managed profile tags as they were before adoption, which delete writes back. */
  declare readonly profileBeforeAdoption: pulumi.Output<Record<string, string | number> | undefined>;

  constructor(name: string, args: AccountArgs, opts?: pulumi.CustomResourceOptions) {
    checkStackConfig();
    refuseImport("Account", name, opts, "create finds an existing account and adopts it");
    const props = withOutputSlots({ ...args, profile: mapAsOutput(args.profile) } as unknown as pulumi.Inputs, [
      "nick",
      "faceUrl",
      "profile",
      "createdByResource",
      "profileBeforeAdoption",
    ]);
    super(accountProvider, name, props, opts, "tencent-chat", "Account");
  }
}
