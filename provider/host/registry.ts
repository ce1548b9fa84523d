import type * as dynamic from "@pulumi/pulumi/dynamic";
import { type StackConfig, resolveProviderConfig } from "../config/provider-config";
import { AccountProvider } from "../account/provider";
import { FriendRelationProvider } from "../friend-relation/provider";
import { FriendSetProvider } from "../friend-set/provider";
import { type Service, startService } from "../service";
import { type DetailedDiff, installDetailedDiffs, withDetailedDiff } from "./detailed-diff";
import { installEngineStatus } from "./engine-status";
import { watchEngine } from "./engine-watchdog";
import { keepProviderOnPartialApply } from "./partial-apply";
import { installQuietErrors, quietHostPrint } from "./quiet-errors";
import type { ProviderKind } from "./shim";

/**
 * What the shims load in the dynamic-provider host: one live provider per resource kind per process, and ONE service
 * (client and batcher) for all of them, so FriendSets and FriendRelations on one account share one write lane and
 * one rate limit. Module state is fine here: this module is never serialized.
 */
export type ProviderMethod = "check" | "diff" | "create" | "read" | "update" | "delete";

let service: Promise<Service> | undefined;
const live = new Map<ProviderKind, dynamic.ResourceProvider>();

/** What the dynamic-provider host lacks, added once its first call arrives (each does nothing outside a host). */
function installHostExtensions(): void {
  watchEngine();
  installDetailedDiffs();
  installEngineStatus();
  installQuietErrors();
}

/** The process's service, started from the environment alone if nothing configured the providers. */
function serviceSource(): Promise<Service> {
  service ??= start(undefined);
  return service;
}

function start(config: StackConfig | undefined): Promise<Service> {
  // A promise rather than a throw: check and diff need no configuration, so a bad setting fails only the calls that
  // reach the service, each with the setting's name.
  const started = new Promise<Service>((resolve) => resolve(startService(resolveProviderConfig(config))));
  started.catch(() => undefined);
  return started;
}

/**
 * Configures the process's service once. The host calls `configure` for each distinct `__provider` text (one per
 * kind), always with the same stack config, so later calls share the first one's outcome. It sets the service
 * before returning, since the host caches a provider before `configure` finishes and may call it meanwhile
 * (docs/pulumi-host.md#configure-timing).
 */
export function configure(req: dynamic.ConfigureRequest): Promise<void> {
  installHostExtensions();
  service ??= start(req.config as StackConfig);
  return Promise.resolve();
}

function providerFor(kind: ProviderKind): dynamic.ResourceProvider {
  let provider = live.get(kind);
  if (!provider) {
    if (kind === "friendRelation") provider = new FriendRelationProvider(serviceSource);
    else if (kind === "friendSet") provider = new FriendSetProvider(serviceSource);
    else if (kind === "account") provider = new AccountProvider(serviceSource);
    else throw new TypeError(`pulumi-tencent-chat: unknown resource kind ${JSON.stringify(kind)}; upgrade the package`);
    live.set(kind, provider);
  }
  return provider;
}

/** Calls `method` of the live provider of `kind`. */
export async function forward(kind: ProviderKind, method: ProviderMethod, args: unknown[]): Promise<unknown> {
  installHostExtensions();
  const provider = providerFor(kind);
  const implementation = provider[method] as ((...params: unknown[]) => Promise<unknown>) | undefined;
  if (!implementation) throw new TypeError(`pulumi-tencent-chat: ${kind} has no ${method}`);
  try {
    const result = await implementation.apply(provider, args);
    if (method === "diff") {
      const { detailedDiff, ...diff } = result as { detailedDiff?: DetailedDiff; changes?: boolean };
      return withDetailedDiff(diff, detailedDiff);
    }
    return result;
  } catch (error) {
    if (method === "create" || method === "update") keepProviderOnPartialApply(error, args[args.length - 1]);
    else quietHostPrint(error);
    throw error;
  }
}
