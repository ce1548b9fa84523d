import type * as dynamic from "@pulumi/pulumi/dynamic";
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

/**
 * The configure-then-use lifecycle both dynamic providers share. The host caches a provider before its `configure`
 * finishes and may call other methods meanwhile (pulumi-notes, "cache race"), so `configure` sets `ready` before its
 * first await and every network method awaits `runtime()`. Without a `configure` call (a provider used outside the
 * host), the environment alone configures it.
 */
export abstract class HostConfiguredProvider {
  private ready: Promise<FriendRuntime> | undefined;

  /** `runtimeSource`: share a client and batcher with other providers of the process (default: build its own). */
  constructor(private readonly runtimeSource?: FriendRuntimeSource) {}

  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    this.ready = this.start(req.config);
    await this.ready;
  }

  protected runtime(): Promise<FriendRuntime> {
    this.ready ??= this.start(undefined);
    return this.ready;
  }

  private start(config: StackConfig | undefined): Promise<FriendRuntime> {
    return (this.runtimeSource ?? startFriendRuntime)(config);
  }
}
