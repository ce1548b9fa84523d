/**
 * pulumi-tencent-chat/internal: the parts behind the public surface, for this repository's tests, benchmarks and
 * command-line tool. Not a stable API: anything here may change in any release.
 */
import "./node-version";

export { FriendRelationProvider } from "./friend-relation/provider";
export { FriendSetProvider } from "./friend-set/provider";
export { AccountProvider } from "./account/provider";
export { ChatClient, type ChatClientDeps, type FriendList } from "./client/client";
export { type ClientConfig, type ClientSettings, resolveClientConfig } from "./config/client-config";
export { type StackConfig, providerSettings, resolveProviderConfig } from "./config/provider-config";
export { catalog } from "./commands/catalog";
export { type Service, startService } from "./service";
