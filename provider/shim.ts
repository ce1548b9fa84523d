/**
 * The object given to `pulumi.dynamic.Resource`, and so the only code Pulumi serializes into each resource's
 * `__provider` (inputs and outputs: twice per resource in state, and in every gRPC call). It captures nothing but
 * the kind string and the small functions below; the real provider is loaded at run time, in the dynamic-provider
 * host, from the compiled runtime (`dist/provider/runtime.js`, see runtime.ts). So `__provider` stays a few KB
 * however much code the provider has.
 *
 * Rules for this file (it IS serialized, comments inside functions included): no imports evaluated at run time
 * (types only), no module-level values but plain constants, `require` only inside functions (the serializer never
 * captures `require`; in the host it resolves from the working directory), helpers as plain function declarations.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type * as Runtime from "./runtime";

type Props = Record<string, unknown>;

/** The package a Pulumi project installs; its runtime is `dist/provider/runtime.js`. */
const PACKAGE_NAME = "pulumi-tencent-chat";

/**
 * The shim of one resource kind (a key of the runtime's registry, e.g. "friendRelation"). Create one per kind and
 * share it between resources: the host keeps one cached provider per distinct `__provider` text.
 */
export function dynamicProviderShim(kind: string): dynamic.ResourceProvider {
  return {
    // Forwarded synchronously (no await before the real call), so the real `configure` sets its "ready" promise
    // before the host runs anything else on this provider (pulumi-notes: the host caches before configure ends).
    configure: (req: dynamic.ConfigureRequest) => loadRuntime().configureProvider(kind, req),
    check: async (olds: Props, news: Props) => {
      const provider = loadRuntime().providerFor(kind);
      return provider.check ? provider.check(olds, news) : { inputs: news };
    },
    diff: async (id: string, olds: Props, news: Props) => {
      const provider = loadRuntime().providerFor(kind);
      return provider.diff ? provider.diff(id, olds, news) : {};
    },
    create: (inputs: Props) => keepingProviderOnInitFailure(inputs, () => loadRuntime().providerFor(kind).create(inputs)),
    read: async (id: string, props?: Props) => {
      const provider = loadRuntime().providerFor(kind);
      return provider.read ? provider.read(id, props) : { id, props };
    },
    update: async (id: string, olds: Props, news: Props) => {
      const provider = loadRuntime().providerFor(kind);
      return provider.update ? keepingProviderOnInitFailure(news, () => provider.update!(id, olds, news)) : {};
    },
    delete: async (id: string, props: Props) => {
      const provider = loadRuntime().providerFor(kind);
      if (provider.delete) await provider.delete(id, props);
    },
  };
}

/**
 * A create or update that half-succeeded throws an error with `id` and `properties`, which the engine records as the
 * resource's outputs. The host does not add `__provider` to them (it does on success), and without it the next
 * refresh or destroy of that resource cannot find its provider. So the shim adds the `__provider` it was called with.
 */
async function keepingProviderOnInitFailure<T>(props: Props, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const failure = error as { id?: unknown; properties?: Props } | null;
    if (failure && typeof failure === "object" && failure.id && failure.properties && props.__provider !== undefined) {
      failure.properties.__provider = props.__provider;
    }
    throw error;
  }
}

/** The runtime module, located and loaded once per process (kept on `globalThis`: this file has no module state). */
function loadRuntime(): typeof Runtime {
  const slot = globalThis as { [key: symbol]: typeof Runtime | undefined };
  const key = Symbol.for("pulumi-tencent-chat.provider-runtime");
  let runtime = slot[key];
  if (!runtime) {
    runtime = require(locateRuntime()) as typeof Runtime;
    if (runtime.RUNTIME_PROTOCOL !== 1) {
      throw new Error(`${PACKAGE_NAME}: the installed provider runtime speaks protocol ${String(runtime.RUNTIME_PROTOCOL)}, this state's shim speaks 1; install a matching ${PACKAGE_NAME}`);
    }
    slot[key] = runtime;
  }
  return runtime;
}

/**
 * Where the runtime is, found from the host's working directory (the engine starts the host in the Pulumi project's
 * directory), so no absolute path is baked into state:
 * 1. the installed package, `require("pulumi-tencent-chat/dist/provider/runtime")` resolved from the project;
 * 2. a program inside a clone of this repository (root Pulumi.yaml, examples/*, test/e2e/program): the nearest
 *    ancestor package.json named "pulumi-tencent-chat", and its `dist/provider/runtime.js`.
 */
function locateRuntime(): string {
  const path = require("node:path") as typeof import("node:path");
  const fs = require("node:fs") as typeof import("node:fs");
  const cwd = process.cwd();
  try {
    return require.resolve(`${PACKAGE_NAME}/dist/provider/runtime`, { paths: [cwd] });
  } catch {
    /* not installed in the project: maybe a program of this repository */
  }
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && readPackageName(fs.readFileSync(manifest, "utf8")) === PACKAGE_NAME) {
      const runtime = path.join(dir, "dist", "provider", "runtime.js");
      if (fs.existsSync(runtime)) return runtime;
      throw new Error(`${PACKAGE_NAME}: the provider runtime is not built (${runtime} is missing); run \`npm run build:runtime\` in ${dir}`);
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(
    `${PACKAGE_NAME}: cannot find the provider runtime from ${cwd}: install the package in the Pulumi project ` +
      `(\`npm install ${PACKAGE_NAME}\`; it ships dist/provider/runtime.js), or, in a clone of the repository, run ` +
      "`npm ci` (or `npm run build:runtime`) there",
  );
}

function readPackageName(manifest: string): string | undefined {
  try {
    const parsed = JSON.parse(manifest) as { name?: unknown };
    return typeof parsed.name === "string" ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}
