/** The Tencent Cloud Chat REST client: configuration, errors and the client itself. */
export { ClientDefaults, Regions, isLoopbackHost, regionId, resolveClientConfig } from "./config";
export type { ClientConfig, ClientSettings, RegionId } from "./config";
export { ChatApiError, ChatClientError } from "./errors";
export type { ChatClientErrorCode } from "./errors";
export { ChatClient } from "./client";
export type {
  AccountCheckItem,
  AccountDeleteItem,
  AddType,
  BlackCheckType,
  BlackListCheckItem,
  BlackListItem,
  ChatClientDeps,
  CheckItem,
  CheckType,
  DeleteType,
  FriendAddItem,
  FriendAddOptions,
  FriendDataItem,
  FriendImportItem,
  FriendInfoItem,
  FriendList,
  FriendUpdateItem,
  GroupItem,
  ResultItem,
  TagItem,
  UserProfileItem,
} from "./client";
export { classify, isRetryableItemCode } from "./classify";
export type { Failure, FailureClass, Verdict } from "./classify";
export { redactText, redactUrl } from "./redact";
