import { FriendBatcher } from "./batching";
import { ChatClient } from "./client";
import { type StackConfig, resolveProviderConfig } from "./config";

/** The live part of a provider, built in the provider process once configuration is known. */
export interface FriendRuntime {
  client: ChatClient;
  batcher: FriendBatcher;
}

/**
 * Where a provider gets its client and batcher. By default each provider builds its own; the host runtime
 * (runtime.ts) passes one shared source to every resource kind, so FriendSets and FriendRelations on one account
 * share the per-account write lane (one write in flight per account, spec §6) and the per-command rate limit.
 */
export type FriendRuntimeSource = (config: StackConfig | undefined) => Promise<FriendRuntime>;

/** A client configured from stack config (or the environment) and a batcher on it. */
export async function startFriendRuntime(config: StackConfig | undefined): Promise<FriendRuntime> {
  const client = new ChatClient(resolveProviderConfig(config));
  return { client, batcher: new FriendBatcher(client) };
}
