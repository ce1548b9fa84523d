/**
 * pulumi-tencent-chat: Tencent Cloud Chat friend relationships as Pulumi resources.
 *
 * What a program imports. Loading it loads @pulumi/pulumi and the resources' small provider objects; the client,
 * zod and undici load only in Pulumi's dynamic-provider host.
 */
import "./node-version";

export { FriendRelation, type FriendRelationArgs } from "./friend-relation/resource";
export { FriendSet, type FriendSetArgs, type FriendSetFriend, type FriendSetFriendArgs } from "./friend-set/resource";
export { Account, type AccountArgs } from "./account/resource";
export { ConfigKeys, EnvVars, Settings } from "./config/settings";
export {
  ChatApiError,
  ChatRequestError,
  ConfigError,
  DeclarationError,
  type ErrorCode,
  ErrorCodes,
  ItemFailedError,
  PartialApplyError,
  TencentChatError,
} from "./errors";
export { ServiceCode } from "./commands/error-codes";
