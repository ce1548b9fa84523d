/**
 * The object given to `pulumi.dynamic.Resource`, and so the only code Pulumi serializes into each resource's
 * `__provider`. That text is stored twice per resource in state (inputs and outputs) and sent with every gRPC call,
 * and the engine rewrites the whole state after every step. So the shim is as small as it can be (about 4 KB
 * serialized): each method forwards its arguments to the runtime (runtime.ts), compiled in
 * `dist/provider/runtime.js` and loaded in the dynamic-provider host, where everything else happens.
 *
 * Rules for this file (it IS serialized, comments inside functions included): type imports only, no module-level
 * values, `require` only inside functions (the serializer never captures `require`; in the host it resolves from the
 * working directory), helpers as plain function declarations, no comments inside function bodies.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type * as Runtime from "./runtime";

type Props = Record<string, unknown>;

/**
 * The shim of one resource kind (a key of the runtime's registry, e.g. "friendRelation"). Create one per kind and
 * share it between resources: the host keeps one cached provider per distinct `__provider` text. `configure` returns
 * the runtime's promise without awaiting first, so the real `configure` starts before the host's next call (the host
 * caches a provider before its `configure` ends: pulumi-notes).
 */
export function dynamicProviderShim(kind: string): dynamic.ResourceProvider {
  return {
    configure: (req: dynamic.ConfigureRequest) => providerRuntime().configureProvider(kind, req),
    check: (olds: Props, news: Props) => providerRuntime().forward(kind, "check", [olds, news]),
    diff: (id: string, olds: Props, news: Props) => providerRuntime().forward(kind, "diff", [id, olds, news]),
    create: (inputs: Props) => providerRuntime().forward(kind, "create", [inputs]),
    read: (id: string, props?: Props) => providerRuntime().forward(kind, "read", [id, props]),
    update: (id: string, olds: Props, news: Props) => providerRuntime().forward(kind, "update", [id, olds, news]),
    delete: (id: string, props: Props) => providerRuntime().forward(kind, "delete", [id, props]),
  } as dynamic.ResourceProvider;
}

/**
 * The runtime module, loaded once per process and kept on `globalThis` (this file has no module state). It is found
 * from the host's working directory, the Pulumi project's, so no absolute path is baked into state: first as the
 * installed package (`pulumi-tencent-chat/dist/provider/runtime`), else in the nearest ancestor directory whose
 * package.json is named pulumi-tencent-chat (the programs inside this repository).
 */
function providerRuntime(): typeof Runtime {
  const slot = globalThis as { [key: symbol]: typeof Runtime | undefined };
  const key = Symbol.for("pulumi-tencent-chat.runtime");
  const loaded = slot[key];
  if (loaded) return loaded;
  const path = require("node:path") as typeof import("node:path");
  const fs = require("node:fs") as typeof import("node:fs");
  const name = "pulumi-tencent-chat";
  let file: string | undefined;
  try {
    file = require.resolve(`${name}/dist/provider/runtime`, { paths: [process.cwd()] });
  } catch {
    for (let dir = process.cwd(); !file && path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      const candidate = path.join(dir, "dist", "provider", "runtime.js");
      if (packageName(fs, path.join(dir, "package.json")) === name && fs.existsSync(candidate)) file = candidate;
    }
  }
  const runtime = file ? (require(file) as typeof Runtime) : undefined;
  if (!runtime || runtime.RUNTIME_PROTOCOL !== 1) {
    throw new Error(
      `${name}: cannot find the provider runtime (protocol 1) from ${process.cwd()}: \`npm install ${name}\` in the Pulumi project, or \`npm ci\` in a clone of its repository`,
    );
  }
  slot[key] = runtime;
  return runtime;
}

function packageName(fs: typeof import("node:fs"), manifest: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}
