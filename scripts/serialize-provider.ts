/**
 * The `__provider` text exactly as a user's program produces it: the SDK's own closure serializer run, in a plain
 * Node child process, on a provider object loaded from the package installed in node_modules (package-build.ts keeps
 * it in step with the sources). In a process that loaded the provider otherwise (Jest's module registry, the
 * repository's own package scope) the serializer would copy the package's code instead of requiring it.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { ensurePackageInstalled, repoRoot } from "./package-build";

export interface SerializedProvider {
  /** The module text the dynamic-provider host loads with require-from-string. */
  text: string;
  /** Whether the serializer found a secret Output captured in the closure. */
  containsSecrets: boolean;
}

/** A directory of its own package scope, where "pulumi-tencent-chat" resolves as in a user's project. */
export const providerScopeDir = path.join(__dirname, "provider-scope");

export type ProviderKind = "friendRelation" | "friendSet" | "account";

function run(args: string[], node: string[] = []): Promise<SerializedProvider> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...node, path.join(providerScopeDir, "print-provider.js"), ...args],
      {
        cwd: providerScopeDir,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, TS_NODE_PROJECT: path.join(repoRoot, "tsconfig.json") },
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`serializing ${args.join(" ")} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as SerializedProvider);
      },
    );
  });
}

const cached = new Map<ProviderKind, Promise<SerializedProvider>>();

/** The shared provider of a resource kind, from the installed package (memoized per process). */
export function serializeProvider(kind: ProviderKind = "friendRelation"): Promise<SerializedProvider> {
  ensurePackageInstalled();
  let serialized = cached.get(kind);
  if (!serialized) cached.set(kind, (serialized = run([kind])));
  return serialized;
}

/** The provider a TypeScript module's factory returns (a local module: the serializer copies its code). */
export function serializeFactory(file: string, exportName: string): Promise<SerializedProvider> {
  return run(["--module", file, exportName], ["-r", "ts-node/register/transpile-only"]);
}
