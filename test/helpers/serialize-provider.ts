/**
 * The `__provider` text exactly as a Pulumi program produces it: the SDK's own closure serializer run on the provider
 * object that every FriendRelation shares (the shim, provider/shim.ts), with the options `pulumi.dynamic.Resource`
 * uses (`serializeFunction(() => provider, { allowSecrets: true })`).
 *
 * The shim loads the compiled runtime (dist/provider/runtime.js) in the host, so `serializeProvider` first rebuilds
 * it if provider/ changed (scripts/runtime-build.ts): a direct `npx jest test/provider` never tests a stale runtime.
 *
 * It runs in a child process under plain Node with ts-node, like a Pulumi program does. Inside Jest it could not:
 * the serializer recognises packages by looking objects up in Node's `require.cache`, which Jest's module registry
 * bypasses, so zod and undici would be captured by value instead of by `require`.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { ensureRuntimeBuilt } from "../../scripts/runtime-build";

export interface SerializedProvider {
  /** The module text the dynamic-provider host loads with require-from-string. */
  text: string;
  /** Whether the serializer found a secret Output captured in the closure. */
  containsSecrets: boolean;
}

const repoRoot = path.resolve(__dirname, "..", "..");

/** The resource kinds whose shared provider object can be serialized (keys of provider/runtime.ts's registry). */
export type ProviderKind = "friendRelation" | "friendSet";

const cached = new Map<ProviderKind, Promise<SerializedProvider>>();

/** Serializes the shared provider of `kind` in a fresh Node process (memoized per test file). */
export function serializeProvider(kind: ProviderKind = "friendRelation"): Promise<SerializedProvider> {
  ensureRuntimeBuilt();
  const known = cached.get(kind);
  if (known) return known;
  const serialized = new Promise<SerializedProvider>((resolve, reject) => {
    execFile(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", __filename, "--print", kind],
      {
        cwd: repoRoot,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, TS_NODE_PROJECT: path.join(repoRoot, "tsconfig.json") },
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`serializing the ${kind} provider failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as SerializedProvider);
      },
    );
  });
  cached.set(kind, serialized);
  return serialized;
}

async function printSerialized(kind: string): Promise<void> {
  // Imported here, in the child, so the test process never loads the provider through Jest for this.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { friendRelationProvider, friendSetProvider } = require("../../provider") as typeof import("../../provider");
  if (kind !== "friendRelation" && kind !== "friendSet") throw new Error(`unknown provider kind ${kind}`);
  const provider = kind === "friendSet" ? friendSetProvider() : friendRelationProvider();
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  const out: SerializedProvider = { text: serialized.text, containsSecrets: serialized.containsSecrets };
  process.stdout.write(JSON.stringify(out));
}

const printAt = process.argv.indexOf("--print");
if (require.main === module && printAt >= 0) {
  printSerialized(process.argv[printAt + 1] ?? "friendRelation").catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
