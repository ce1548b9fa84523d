import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { ChatClient } from "../provider/client/client";
import { resolveClientConfig } from "../provider/config/client-config";
import { directedRelations, loadSeedData } from "../examples/seed-data/seed-data";
import { stagingAccounts, stagingRelations } from "../examples/staging/roster";
import { ensurePackageInstalled } from "./package-build";
import { findPulumi, offlinePulumiEnv, repoRoot, runPulumi } from "./pulumi-cli";

/**
 * `npm start`: the main job. Starts the embedded emulator (its state kept in .local/), imports the accounts the
 * example needs, and deploys the example stack with the real Pulumi engine. Running it again changes nothing.
 *
 *   npm start -- [--example seed|staging] [--stack NAME] [--destroy]
 */
interface Options {
  example: "seed" | "staging";
  stack: string;
  destroy: boolean;
}

interface Declared {
  accounts: { userId: string; nick?: string }[];
  relations: { fromAccount: string; toAccount: string; remark?: string; groups?: string[] }[];
  programDir: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { example: "seed", stack: "dev", destroy: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--example" && (argv[i + 1] === "seed" || argv[i + 1] === "staging"))
      options.example = argv[++i] as Options["example"];
    else if (arg === "--stack" && argv[i + 1]) options.stack = argv[++i];
    else if (arg === "--destroy") options.destroy = true;
    else
      throw new Error(
        `unknown argument ${JSON.stringify(arg)}; expected --example seed|staging, --stack NAME or --destroy`,
      );
  }
  return options;
}

function declared(example: Options["example"]): Declared {
  if (example === "staging") {
    return {
      accounts: stagingAccounts().map((userId) => ({ userId })),
      relations: stagingRelations("staging"),
      programDir: path.join(repoRoot, "examples", "staging"),
    };
  }
  const data = loadSeedData(path.join(repoRoot, "examples", "seed-data", "friends.json"));
  return { accounts: data.accounts, relations: directedRelations(data), programDir: repoRoot };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  ensurePackageInstalled();
  const plan = declared(options.example);
  const localDir = path.join(repoRoot, ".local");
  const dirs = { home: path.join(localDir, "pulumi-home"), backend: path.join(localDir, "pulumi-backend") };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });

  const pulumi = findPulumi();
  if (!pulumi.available) throw new Error(`cannot run the Pulumi engine: ${pulumi.reason}`);

  const emulator = await startEmulator({ statePath: path.join(localDir, "emulator-state.json") });
  const settings = emulator.clientSettings();
  const client = new ChatClient(resolveClientConfig(settings));
  try {
    console.log(`Emulator of Tencent Cloud Chat at ${emulator.url} (state in .local/emulator-state.json)`);
    for (const account of plan.accounts) await client.accountImport(account.userId, { nick: account.nick });
    console.log(`Accounts present: ${plan.accounts.map((a) => a.userId).join(", ")}`);

    const env: NodeJS.ProcessEnv = {
      ...offlinePulumiEnv({
        binDir: pulumi.binDir,
        homeDir: dirs.home,
        backendDir: dirs.backend,
        // Only protects the secrets of this local stack; set your own to override.
        passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? "local-emulator-stack",
      }),
      TENCENT_CHAT_ENDPOINT: settings.endpoint,
      TENCENT_CHAT_SDKAPPID: String(settings.sdkAppId),
      TENCENT_CHAT_ADMIN: settings.adminIdentifier,
      TENCENT_CHAT_SECRET_KEY: settings.secretKey,
    };
    // The endpoint decides where calls go; a region left in the user's environment must not compete with it.
    delete env.TENCENT_CHAT_REGION;
    const run = async (args: string[]) => {
      const result = await runPulumi(args, { cwd: plan.programDir, env, echo: true });
      if (result.code !== 0) throw new Error(`pulumi ${args[0]} failed with exit code ${result.code}`);
    };
    await run(["stack", "select", "--create", options.stack]);
    if (options.destroy) {
      await run(["destroy", "--yes", "--skip-preview"]);
      return;
    }
    await run(["up", "--yes", "--skip-preview"]);
    await report(client, plan);
  } finally {
    await client.close();
    await emulator.close();
  }
}

/** Reads every declared relation back from the emulator and prints it, so the user sees what is really there. */
async function report(client: ChatClient, plan: Declared): Promise<void> {
  const tags = ["Tag_SNS_IM_Remark", "Tag_SNS_IM_Group"];
  let matching = 0;
  console.log("\nWhat the emulator now holds for the declared relations:");
  for (const relation of plan.relations) {
    const [item] = await client.friendGetList(relation.fromAccount, [relation.toAccount], tags);
    const value = (tag: string) => item?.SnsProfileItem.find((t) => t.Tag === tag)?.Value;
    const remark = (value(tags[0]) as string | undefined) ?? "";
    const groups = ((value(tags[1]) as string[] | undefined) ?? []).slice().sort();
    const ok =
      item?.ResultCode === 0 &&
      remark === (relation.remark ?? "") &&
      JSON.stringify(groups) === JSON.stringify([...(relation.groups ?? [])].sort());
    if (ok) matching++;
    const state =
      item?.ResultCode === 0
        ? `remark ${JSON.stringify(remark)}, groups [${groups.join(", ")}]`
        : `missing (${item?.ResultCode})`;
    console.log(`  ${ok ? "ok  " : "DIFF"} ${relation.fromAccount} → ${relation.toAccount}: ${state}`);
  }
  console.log(`${matching}/${plan.relations.length} relations match the declaration.`);
  if (matching !== plan.relations.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
