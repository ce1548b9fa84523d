/**
 * Acknowledged writes per second with a persisted state file: the cost of durable writes (emulator/README.md,
 * "Durability"). Not a test (no pass/fail); run it with
 *
 *   npx ts-node --transpile-only test/emulator/durability.measure.ts [--no-state]
 *
 * The emulator runs in a child process (started through `startEmulator`, rate limit lifted so it does not cap the
 * figure); this process sends friend_update calls over HTTP, one at a time and then from concurrent writers (one
 * From_Account each, so no 30008). Each figure is the median of ROUNDS rounds, each against a fresh emulator.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import { ChatHttp } from "../helpers/raw-http";

const SEQUENTIAL_CALLS = 2000;
const CONCURRENT_WRITERS = 16;
const CALLS_PER_WRITER = 250;
const ROUNDS = 5;

async function serve(statePath: string | undefined): Promise<void> {
  const emu = await startEmulator({ port: 0, statePath, rateLimitPerSecond: 1_000_000 });
  process.send?.({ url: emu.url });
  process.on("message", () => void emu.close().then(() => process.exit(0)));
}

async function measure(withState: boolean): Promise<{ sequential: number; concurrent: number }> {
  const dir = mkdtempSync(join(tmpdir(), "emulator-measure-"));
  const child = fork(__filename, ["serve", ...(withState ? [join(dir, "state.json")] : [])], {
    execArgv: ["-r", "ts-node/register/transpile-only"],
  });
  const url = await new Promise<string>((resolve) => child.once("message", (m: { url: string }) => resolve(m.url)));
  const http = new ChatHttp(url);
  try {
    const owners = Array.from({ length: CONCURRENT_WRITERS }, (_, i) => `owner${i}`);
    await http.ok("im_open_login_svc/multiaccount_import", { Accounts: [...owners, "friend"] });
    for (const owner of owners)
      await http.ok("sns/friend_import", {
        From_Account: owner,
        AddFriendItem: [{ To_Account: "friend", AddSource: "AddSource_Type_Web" }],
      });
    const update = (owner: string, n: number) =>
      http.ok("sns/friend_update", {
        From_Account: owner,
        UpdateItem: [{ To_Account: "friend", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: `r${n}` }] }],
      });
    for (let i = 0; i < 200; i++) await update("owner0", i); // warm-up

    let start = performance.now();
    for (let i = 0; i < SEQUENTIAL_CALLS; i++) await update("owner0", i);
    const sequential = SEQUENTIAL_CALLS / ((performance.now() - start) / 1000);

    start = performance.now();
    await Promise.all(
      owners.map(async (owner) => {
        for (let i = 0; i < CALLS_PER_WRITER; i++) await update(owner, i);
      }),
    );
    const concurrent = (CONCURRENT_WRITERS * CALLS_PER_WRITER) / ((performance.now() - start) / 1000);
    return { sequential, concurrent };
  } finally {
    await http.close();
    child.send("stop");
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "serve") {
  void serve(process.argv[3]);
} else {
  void (async () => {
    for (const withState of process.argv.includes("--no-state") ? [false, true] : [true]) {
      const rounds = [];
      for (let i = 0; i < ROUNDS; i++) rounds.push(await measure(withState));
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(0);
      process.stdout.write(
        `${withState ? "with a state file" : "memory only     "}: sequential ${median(rounds.map((r) => r.sequential))} ` +
          `writes/s, ${CONCURRENT_WRITERS} concurrent writers ${median(rounds.map((r) => r.concurrent))} writes/s ` +
          `(median of ${ROUNDS})\n`,
      );
    }
  })();
}
