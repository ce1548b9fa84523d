/**
 * `__provider` texts for the benchmarks, produced as a Pulumi program produces them: the SDK's closure serializer
 * run in a plain Node child process (under Jest or in a process that loaded the provider differently, packages
 * could be captured by value). `ours` is the provider every FriendRelation shares, through the public API.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";

/** Our FriendRelation provider, the naive baseline, our FriendSet provider. */
export type ProviderKind = "ours" | "naive" | "friend-set";

const repoRoot = path.resolve(__dirname, "..");

export function serializeProviderText(kind: ProviderKind): Promise<string> {
  return new Promise((resolve, reject) => {
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
        else resolve((JSON.parse(stdout) as { text: string }).text);
      },
    );
  });
}

async function print(kind: ProviderKind): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  let provider: unknown;
  if (kind === "ours") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    provider = (require("../provider") as typeof import("../provider")).friendRelationProvider();
  } else if (kind === "friend-set") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    provider = (require("../provider/friend-set") as typeof import("../provider/friend-set")).friendSetProvider();
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    provider = (require("./naive-provider") as typeof import("./naive-provider")).naiveProvider();
  }
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  process.stdout.write(JSON.stringify({ text: serialized.text }));
}

if (require.main === module && process.argv.includes("--print")) {
  print(process.argv[process.argv.indexOf("--print") + 1] as ProviderKind).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
