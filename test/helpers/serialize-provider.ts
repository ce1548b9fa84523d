/**
 * The `__provider` text exactly as a Pulumi program produces it: the SDK's own closure serializer run on the provider
 * object that every FriendRelation shares, with the options `pulumi.dynamic.Resource` uses
 * (`serializeFunction(() => provider, { allowSecrets: true })`).
 *
 * It runs in a child process under plain Node with ts-node, like a Pulumi program does. Inside Jest it could not:
 * the serializer recognises packages by looking objects up in Node's `require.cache`, which Jest's module registry
 * bypasses, so zod and undici would be captured by value instead of by `require`.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";

export interface SerializedProvider {
  /** The module text the dynamic-provider host loads with require-from-string. */
  text: string;
  /** Whether the serializer found a secret Output captured in the closure. */
  containsSecrets: boolean;
}

const repoRoot = path.resolve(__dirname, "..", "..");

let cached: Promise<SerializedProvider> | undefined;

/** Serializes the shared FriendRelation provider in a fresh Node process (memoized per test file). */
export function serializeProvider(): Promise<SerializedProvider> {
  cached ??= new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", __filename, "--print"],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TS_NODE_PROJECT: path.join(repoRoot, "tsconfig.json") } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`serializing the provider failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as SerializedProvider);
      },
    );
  });
  return cached;
}

async function printSerialized(): Promise<void> {
  // Imported here, in the child, so the test process never loads the provider through Jest for this.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { friendRelationProvider } = require("../../provider/resource") as typeof import("../../provider/resource");
  const provider = friendRelationProvider();
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  const out: SerializedProvider = { text: serialized.text, containsSecrets: serialized.containsSecrets };
  process.stdout.write(JSON.stringify(out));
}

if (require.main === module && process.argv.includes("--print")) {
  printSerialized().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
