/**
 * Calls per second the client achieves against the local emulator, with and without injected faults, as ratios
 * against a baseline measured in the same run: raw undici requests (keep-alive pool, same concurrency, no signing
 * per call, no limiter, no retries, no validation).
 *
 *   npx ts-node --transpile-only bench/client-throughput.ts [callsPerScenario=3000] [concurrency=16] [rounds=3]
 *
 * Outside the test gate: figures depend on the machine. The emulator runs in this process, so it shares the CPU.
 */
import { randomBytes } from "node:crypto";
import { Pool } from "undici";
import { startEmulator } from "../emulator";
import { ChatClient } from "../provider/client/client";
import { type ClientSettings, resolveClientConfig } from "../provider/config/client-config";
import { createUserSigSource } from "../provider/signing/sign";
import { EmulatorControl } from "../emulator";

const CALLS = Number(process.argv[2] ?? 3000);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const ROUNDS = Number(process.argv[4] ?? 3);
const FRIENDS = Array.from({ length: 10 }, (_, i) => `f${i}`);
const TAGS = ["Tag_SNS_IM_Remark", "Tag_SNS_IM_AddSource", "Tag_Profile_IM_Nick"];

interface Figure {
  name: string;
  calls: number;
  seconds: number;
  /** Requests the emulator saw per logical call (retries included). */
  requestsPerCall?: number;
  /** Logical calls that failed after the client's retries. */
  failed?: number;
}

/** Run `calls` calls of `one` from `concurrency` workers; returns the elapsed seconds. */
async function drive(calls: number, concurrency: number, one: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) await one(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  // The emulator's own limit is lifted so that the baseline is not throttled; the client's default limiter is
  // measured separately against the documented 200/s.
  const emulator = await startEmulator({ port: 0, rateLimitPerSecond: 1_000_000, callLogLimit: 100_000 });
  const control = new EmulatorControl(emulator.url);
  const settings = emulator.clientSettings();
  const figures: Figure[] = [];
  const unlimited: ClientSettings = { ...settings, rateLimitPerSecond: 100_000, maxConcurrency: CONCURRENCY };

  const setup = new ChatClient(resolveClientConfig(unlimited));
  const workers = Array.from({ length: CONCURRENCY }, (_, i) => `w${i}`);
  await setup.multiaccountImport(["alice", ...FRIENDS, ...workers]);
  await setup.friendImport(
    "alice",
    FRIENDS.map((To_Account) => ({ To_Account, AddSource: "AddSource_Type_Bench" })),
  );
  for (const w of workers)
    await setup.friendImport(
      w,
      FRIENDS.map((To_Account) => ({ To_Account, AddSource: "AddSource_Type_Bench" })),
    );
  await setup.close();

  // Baseline: raw undici, one cached UserSig, a fresh random per call, the body read and parsed as JSON.
  const pool = new Pool(emulator.url, { connections: CONCURRENCY });
  const sig = createUserSigSource({
    sdkAppId: settings.sdkAppId,
    identifier: settings.adminIdentifier,
    secretKey: settings.secretKey,
  });
  const rawCall = async (command: string, body: unknown) => {
    const path = `/v4/sns/${command}?sdkappid=${settings.sdkAppId}&identifier=${settings.adminIdentifier}&usersig=${sig.current()}&random=${randomBytes(4).readUInt32BE(0)}&contenttype=json`;
    const res = await pool.request({
      path,
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
    const json = (await res.body.json()) as { ErrorCode?: number };
    if (json.ErrorCode) throw new Error(`baseline call failed: ${JSON.stringify(json)}`);
  };
  const readBody = { From_Account: "alice", To_Account: FRIENDS, TagList: TAGS };
  const writeBody = (i: number) => ({
    From_Account: workers[i % CONCURRENCY],
    UpdateItem: [{ To_Account: FRIENDS[i % FRIENDS.length], SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: `r${i}` }] }],
  });
  const rawRead = () => rawCall("friend_get_list", readBody);
  const rawWrite = (i: number) => rawCall("friend_update", writeBody(i));

  const measure = async (
    name: string,
    clientSettings: ClientSettings | "raw",
    calls: number,
    one: (c: ChatClient | undefined, i: number) => Promise<unknown>,
  ) => {
    const client = clientSettings === "raw" ? undefined : new ChatClient(resolveClientConfig(clientSettings));
    await drive(Math.min(300, calls), CONCURRENCY, (i) => one(client, i).catch(() => undefined)); // warm-up
    await control.clearCalls();
    let failed = 0;
    const seconds = await drive(calls, CONCURRENCY, (i) => one(client, i).catch(() => (failed += 1)));
    const requests = (await control.calls()).length;
    figures.push({ name, calls, seconds, requestsPerCall: requests / calls, failed });
    await client?.close();
  };
  const read = (c: ChatClient | undefined) => (c ? c.friendGetList("alice", FRIENDS, TAGS) : rawRead());
  const write = (c: ChatClient | undefined, i: number) =>
    c ? c.friendUpdate(workers[i % CONCURRENCY], writeBody(i).UpdateItem) : rawWrite(i);

  // Warm the emulator and both code paths before anything is measured.
  await drive(CALLS, CONCURRENCY, (i) => (i % 2 ? rawRead() : rawWrite(i)));

  // Raw and client runs alternate, ROUNDS times each, and the median is kept: the machine is shared.
  for (let round = 0; round < ROUNDS; round += 1) {
    await measure("raw undici friend_get_list (baseline)", "raw", CALLS, read);
    await measure("client friend_get_list, limiter lifted", unlimited, CALLS, read);
    await measure("raw undici friend_update (baseline)", "raw", CALLS, write);
    await measure("client friend_update, limiter lifted", unlimited, CALLS, write);
  }
  const faults = { errorRate: 0.05, http502Rate: 0.05, dropRate: 0.05, seed: 1 };
  for (let round = 0; round < ROUNDS; round += 1) {
    await control.setFaults(faults);
    await measure("client friend_get_list, 15% faults", unlimited, CALLS, read);
    await measure("client friend_update, 15% faults", unlimited, CALLS, write);
    await control.setFaults({});
  }
  await measure(
    "client friend_get_list, default limiter (200/s)",
    { ...settings, maxConcurrency: CONCURRENCY },
    1000,
    read,
  );

  await pool.close();
  await control.close();
  await emulator.close();

  // Per scenario, the run with the median rate; each client figure is compared with raw undici on the same command.
  const rate = (f: Figure) => f.calls / f.seconds;
  const names = [...new Set(figures.map((f) => f.name))];
  const median = (name: string): Figure => {
    const runs = figures.filter((f) => f.name === name).sort((a, b) => rate(a) - rate(b));
    return runs[Math.floor(runs.length / 2)];
  };
  const readBaseline = rate(median("raw undici friend_get_list (baseline)"));
  const writeBaseline = rate(median("raw undici friend_update (baseline)"));
  const baselineOf = (f: Figure) => (f.name.includes("friend_update") ? writeBaseline : readBaseline);
  const failedIn = (name: string) =>
    figures.filter((f) => f.name === name).reduce((sum, f) => sum + (f.failed ?? 0), 0);
  const runsOf = (name: string) => figures.filter((f) => f.name === name).length;

  console.log(
    `calls per run: ${CALLS}, concurrency: ${CONCURRENCY}, rounds: ${ROUNDS} (median shown), node ${process.version}`,
  );
  console.log(
    `injected faults: ${JSON.stringify(faults)} (fractions of requests; default retry policy: 5 attempts, 100 ms base, full jitter)`,
  );
  console.log(
    "calls/s counts logical calls; ratio is against raw undici on the same command; failed = calls that failed after retries, over all runs",
  );
  console.log("");
  console.log(
    `${"scenario".padEnd(50)} ${"calls/s".padStart(9)} ${"ratio".padStart(7)} ${"req/call".padStart(9)} ${"failed".padStart(12)}`,
  );
  for (const name of names) {
    const f = median(name);
    const failed = `${failedIn(name)}/${f.calls * runsOf(name)}`;
    console.log(
      `${name.padEnd(50)} ${rate(f).toFixed(0).padStart(9)} ${(rate(f) / baselineOf(f)).toFixed(2).padStart(7)} ${(f.requestsPerCall ?? 1).toFixed(2).padStart(9)} ${failed.padStart(12)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
