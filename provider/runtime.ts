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

/**
 * Bumped only if the shim ↔ runtime calls (configureProvider, forward) change incompatibly; the shim checks it, since
 * a state written by an older version runs the runtime installed now.
 */
export const RUNTIME_PROTOCOL = 1;

export type ProviderMethod = "check" | "diff" | "create" | "read" | "update" | "delete";

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
      throw new Error(
        `pulumi-tencent-chat runtime: unknown resource kind "${kind}" (this runtime knows: ${providerKinds().join(", ")}); upgrade pulumi-tencent-chat`,
      );
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

/**
 * Calls `method` of the live provider of `kind`. A create or update that half-succeeded throws an error with `id` and
 * `properties`, which the engine records as the resource's outputs; the host adds `__provider` to outputs only on
 * success, and without it the next refresh or destroy of that resource cannot find its provider. So the `__provider`
 * the call came with (in its last argument: create's inputs, update's news) is added here.
 */
export async function forward(kind: string, method: ProviderMethod, args: unknown[]): Promise<unknown> {
  const provider = providerFor(kind);
  const implementation = provider[method] as ((...params: unknown[]) => Promise<unknown>) | undefined;
  if (!implementation) return defaultResult(method, args);
  try {
    return await implementation.apply(provider, args);
  } catch (error) {
    if (method === "create" || method === "update") keepProvider(error, args[args.length - 1]);
    throw error;
  }
}

/** What the SDK's host does for a method the provider leaves out. */
function defaultResult(method: ProviderMethod, args: unknown[]): unknown {
  if (method === "check") return { inputs: args[1] };
  if (method === "read") return { id: args[0], props: args[1] };
  if (method === "create") throw new Error("pulumi-tencent-chat runtime: this provider cannot create");
  return method === "delete" ? undefined : {};
}

function keepProvider(error: unknown, props: unknown): void {
  const failure = error as { id?: unknown; properties?: Record<string, unknown> } | null;
  const provider = (props as { __provider?: unknown } | undefined)?.__provider;
  if (failure && typeof failure === "object" && failure.id && failure.properties && provider !== undefined) {
    failure.properties.__provider = provider;
  }
}
