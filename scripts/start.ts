import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { loadDeclaration } from "../cli/declaration";
import { ensurePackageInstalled } from "./package-build";
import { findPulumi, repoRoot } from "./pulumi-cli";

/**
 * `npm start`: the main job. Starts the embedded emulator (its state kept in .local/, so a second run sees what the
 * first made), then deploys examples/seed-data/seed.yaml with the installed package's own command,
 * `tencent-chat apply`, as a team runs it; the accounts come from the file. Running it again changes nothing.
 *
 *   npm start -- [--preview | --destroy] [--file FILE]
 */
const USAGE = "usage: npm start -- [--preview | --destroy] [--file FILE]";

function parseOptions(argv: string[]): { file: string; applyFlags: string[] } {
  let file = path.join(repoRoot, "examples", "seed-data", "seed.yaml");
  const applyFlags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--preview" || arg === "--destroy") applyFlags.push(arg);
    else if (arg === "--file" && argv[i + 1]) file = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return { file, applyFlags };
}

/** Runs the installed `tencent-chat` command and resolves with its exit code; its output goes straight through. */
function tencentChat(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const bin = path.join(repoRoot, "node_modules", "pulumi-tencent-chat", "dist", "cli", "main.js");
  const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const { file, applyFlags } = parseOptions(process.argv.slice(2));
  const declaration = loadDeclaration(file);
  ensurePackageInstalled();
  const pulumi = findPulumi();
  if (!pulumi.available) throw new Error(`cannot run the Pulumi engine: ${pulumi.reason}`);

  const localDir = path.join(repoRoot, ".local");
  mkdirSync(localDir, { recursive: true });
  const emulator = await startEmulator({ statePath: path.join(localDir, "emulator-state.json") });
  try {
    const settings = emulator.clientSettings();
    console.log(`Emulator of Tencent Cloud Chat at ${emulator.url} (state in .local/emulator-state.json)`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: [pulumi.binDir, process.env.PATH ?? ""].join(path.delimiter),
      PULUMI_HOME: path.join(localDir, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      TENCENT_CHAT_ENDPOINT: settings.endpoint,
      TENCENT_CHAT_SDKAPPID: String(settings.sdkAppId),
      TENCENT_CHAT_ADMIN: settings.adminIdentifier,
      TENCENT_CHAT_SECRET_KEY: settings.secretKey,
    };
    // The endpoint decides where calls go; a region left in the user's environment must not compete with it.
    delete env.TENCENT_CHAT_REGION;
    // The stack's state goes to .local/.tencent-chat/state, beside the emulator's.
    const code = await tencentChat(["apply", file, "--stack", "seed", ...applyFlags], localDir, env);
    if (code !== 0) {
      process.exitCode = code;
      return;
    }
    if (applyFlags.length === 0) report(declaration.accounts, (await emulator.control.state()).accounts);
  } finally {
    await emulator.close();
  }
}

type DeclaredAccounts = ReturnType<typeof loadDeclaration>["accounts"];
type Friends = Record<string, { remark: string; groups: string[]; custom: Record<string, unknown> }>;

/** Prints what the emulator now holds for every declared friendship, so the user sees what is really there. */
function report(declared: DeclaredAccounts, held: Record<string, { friends: Friends } | undefined>): void {
  let matching = 0;
  let total = 0;
  console.log("\nWhat the emulator now holds for the declared friendships:");
  for (const [from, account] of Object.entries(declared)) {
    for (const [to, tags] of Object.entries(account.friends)) {
      total++;
      const entry = held[from]?.friends[to];
      const groups = [...(entry?.groups ?? [])].sort();
      const ok =
        entry !== undefined &&
        (tags.remark === undefined || entry.remark === tags.remark) &&
        (tags.groups === undefined || JSON.stringify(groups) === JSON.stringify([...tags.groups].sort()));
      if (ok) matching++;
      const state = entry ? `remark ${JSON.stringify(entry.remark)}, groups [${groups.join(", ")}]` : "missing";
      console.log(`  ${ok ? "ok  " : "DIFF"} ${from} → ${to}: ${state}`);
    }
  }
  console.log(`${matching}/${total} friendships match the declaration.`);
  if (matching !== total) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
