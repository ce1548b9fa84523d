/** pulumi-tencent-chat: Tencent Cloud Chat friend relations as Pulumi resources. */
export { FriendRelation, type FriendRelationArgs, friendRelationProvider } from "./resource";
export { FriendRelationProvider, PartialCreateError } from "./provider";
export type { FriendRelationInputs, FriendRelationOutputs } from "./inputs";
export { ConfigKeys } from "./config";
export { encodeRelationId, decodeRelationId } from "./id";
export {
  FriendSet,
  type FriendSetArgs,
  type FriendSetFriend,
  type FriendSetFriendArgs,
  friendSetProvider,
  FriendSetProvider,
  FriendSetPartialError,
  type FriendSetInputs,
  type FriendSetOutputs,
  encodeFriendSetId,
  decodeFriendSetId,
} from "./friend-set";
