export {
  FriendSet,
  type FriendSetArgs,
  type FriendSetFriend,
  type FriendSetFriendArgs,
  friendSetProvider,
} from "./resource";
export { FriendSetProvider, FriendSetPartialError, type FriendFailure } from "./provider";
export { type FriendRuntime, type FriendRuntimeSource, startFriendRuntime } from "../friend-runtime";
export type { FriendSetInputs, FriendSetOutputs, FriendSpec, FriendState } from "./inputs";
export { encodeFriendSetId, decodeFriendSetId } from "./id";
