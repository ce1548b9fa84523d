/**
 * The provider runtime: what the serialized shim (shim.ts) loads, as compiled JavaScript from `dist/`, inside the
 * dynamic-provider host. It is never serialized, so module-level state is fine here: it holds ONE live provider per
 * resource kind per host process, however many `__provider` texts (shim versions) point at that kind.
 *
 * Adding a resource kind is one entry in `providerFactories` plus `dynamicProviderShim("<kind>")` in its resource.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { StackConfig } from "./config";
import { type FriendRuntime, startFriendRuntime } from "./friend-runtime";
import { FriendSetProvider } from "./friend-set/provider";
import { FriendRelationProvider } from "./provider";

/**
 * One client and batcher for every kind in the process: FriendSets and FriendRelations on one account take turns in
 * one write lane and count against one rate limit. The first configuration wins; the engine gives every provider of
 * a stack the same stack config.
 */
let sharedFriendRuntime: Promise<FriendRuntime> | undefined;
function sharedFriendRuntimeSource(config: StackConfig | undefined): Promise<FriendRuntime> {
  sharedFriendRuntime ??= startFriendRuntime(config);
  return sharedFriendRuntime;
}

/** Every kind a shim may name, and how its live provider is made (called at most once per process). */
const providerFactories: Readonly<Record<string, () => dynamic.ResourceProvider>> = {
  friendRelation: () => new FriendRelationProvider(sharedFriendRuntimeSource),
  friendSet: () => new FriendSetProvider(sharedFriendRuntimeSource),
};

/** Bumped only if the shim ↔ runtime calls below change incompatibly; the shim checks it (old state runs new code). */
export const RUNTIME_PROTOCOL = 1;

const live = new Map<string, dynamic.ResourceProvider>();
const configured = new Map<string, Promise<void>>();

/** The kinds this runtime knows, for messages and tests. */
export function providerKinds(): string[] {
  return Object.keys(providerFactories);
}

/** The process-wide live provider of `kind`, created on first use. */
export function providerFor(kind: string): dynamic.ResourceProvider {
  let provider = live.get(kind);
  if (!provider) {
    if (!Object.prototype.hasOwnProperty.call(providerFactories, kind)) {
      throw new Error(`pulumi-tencent-chat runtime: unknown resource kind "${kind}" (this runtime knows: ${providerKinds().join(", ")}); upgrade pulumi-tencent-chat`);
    }
    provider = providerFactories[kind]();
    live.set(kind, provider);
  }
  return provider;
}

/**
 * Configures the live provider of `kind` once. The host calls `configure` for each distinct `__provider` text (say,
 * two shim versions in one state), always with the same stack config, so later calls share the first one's outcome.
 * The real `configure` is called synchronously, so it can set its "ready" promise before the host's next call
 * (pulumi-notes: the host caches the provider before `configure` finishes).
 */
export function configureProvider(kind: string, req: dynamic.ConfigureRequest): Promise<void> {
  let done = configured.get(kind);
  if (!done) {
    const provider = providerFor(kind);
    done = provider.configure ? Promise.resolve(provider.configure(req)) : Promise.resolve();
    configured.set(kind, done);
  }
  return done;
}
