import { AccountBatcher } from "./batching/account-batcher";
import { FriendBatcher } from "./batching/friend-batcher";
import { FriendListCache } from "./batching/friend-list-cache";
import { systemClock } from "./clock";
import { ChatClient } from "./client/client";
import type { ClientConfig } from "./config/client-config";
import { FriendPolicy } from "./friends/policy";

/**
 * The live part every provider runs on, built once per provider process: one client (one rate limit per command,
 * one connection pool, one UserSig cache) and one batcher (one write lane per account), so FriendRelations and
 * FriendSets on one account take turns and never cause a write conflict themselves (docs/concurrency.md).
 */
export interface Service {
  client: ChatClient;
  friends: FriendPolicy;
  accounts: AccountBatcher;
}

/** Where a provider gets its service; awaited by every method that calls the service. */
export type ServiceSource = () => Promise<Service>;

export function startService(config: ClientConfig): Service {
  const clock = systemClock();
  const client = new ChatClient(config, { clock });
  const friends = new FriendPolicy(new FriendBatcher(client), new FriendListCache(client, clock), clock);
  return { client, friends, accounts: new AccountBatcher(client) };
}
