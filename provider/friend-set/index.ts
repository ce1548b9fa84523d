export { FriendSet, type FriendSetArgs, type FriendSetFriend, type FriendSetFriendArgs, friendSetProvider } from "./resource";
export { FriendSetProvider, FriendSetPartialError, type FriendFailure, type FriendRuntime, type FriendRuntimeSource, startFriendRuntime } from "./provider";
export type { FriendSetInputs, FriendSetOutputs, FriendSpec, FriendState } from "./inputs";
export { encodeFriendSetId, decodeFriendSetId } from "./id";
