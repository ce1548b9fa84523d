/** pulumi-tencent-chat: Tencent Cloud Chat friend relations as Pulumi resources. */
export { FriendRelation, type FriendRelationArgs, friendRelationProvider } from "./resource";
export { FriendRelationProvider, PartialCreateError } from "./provider";
export type { FriendRelationInputs, FriendRelationOutputs } from "./inputs";
export { ConfigKeys } from "./config";
export { encodeRelationId, decodeRelationId } from "./id";
