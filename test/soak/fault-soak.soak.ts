/**
 * Fault soak (`npm run soak`; `npm test` runs it with 200 relations): the real Pulumi engine deploys SOAK_RELATIONS
 * FriendRelations (default 1,000) against `tencent-chat emulator` running from the installed package, while the
 * emulator injects internal errors, HTTP 502s and dropped connections. The emulator's state must end up exactly as
 * declared through creates, updates, deletes, a provider host killed mid-`up`, the Pulumi CLI killed mid-`up`, the
 * emulator itself killed and restarted mid-`up`, and destroy; friendships made outside the stack before it ran must
 * be recorded as adopted and survive destroy. An `up` that exits non-zero because a fault outlasted the retry budget
 * is followed by another `up`: how often that happens is reported, not hidden.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { FaultSettings } from "../../emulator";
import { ChatClient } from "../../provider/client/client";
import { resolveClientConfig } from "../../provider/config/client-config";
import { findPulumi } from "../../scripts/pulumi-cli";
import { friendAdd } from "../helpers/calls";
import { EmulatorControl } from "../../emulator";
import { EmulatorProcess } from "../helpers/emulator-process";
import {
  allAccounts,
  declarationFor,
  friendshipKeys,
  outsideRelations,
  type SoakDeclaration,
  stateDifferences,
} from "./declaration";
import { killProviderHost, type RunningPulumi, SoakStack, tail } from "./soak-stack";

const N = Number(process.env.SOAK_RELATIONS ?? 1000);
/** `up`s allowed per round before the soak calls it not converging. */
const MAX_UPS = Number(process.env.SOAK_MAX_UPS ?? 10);
/**
 * Extra flags for every `up` and `destroy`, e.g. `--continue-on-error` (the engine otherwise starts nothing new after a
 * failure).
 */
const EXTRA_FLAGS = (process.env.SOAK_UP_FLAGS ?? "").split(" ").filter(Boolean);
const FRIEND_RELATION = "pulumi-nodejs:dynamic/tencent-chat:FriendRelation";
const WRITES = new Set(["friend_import", "friend_add", "friend_update", "friend_delete"]);

/**
 * 10% internal errors (30006/30007), 2% HTTP 502, 2% dropped connections: half before, half after the write applied.
 */
const FAULTS: FaultSettings = {
  errorRate: Number(process.env.SOAK_ERROR_RATE ?? 0.1),
  errorCodes: [30006, 30007],
  http502Rate: Number(process.env.SOAK_HTTP502_RATE ?? 0.02),
  dropRate: Number(process.env.SOAK_DROP_RATE ?? 0.01),
  dropAfterApplyRate: Number(process.env.SOAK_DROP_AFTER_APPLY_RATE ?? 0.01),
};

interface Attempt {
  code: number;
  seconds: number;
  /** Pulumi's summary of the run, e.g. ["+ 9 created", "40 unchanged", "2 errored"]. */
  summary: string[];
  /** The `error:` lines of a failed run, shortened. */
  errors: string[];
}
interface RoundReport {
  round: string;
  relations: number;
  attempts: Attempt[];
  calls: number;
  faultedCalls: Record<string, number>;
  note?: string;
}

const pulumi = findPulumi();
if (!pulumi.available) throw new Error(`the soak needs the Pulumi CLI: ${pulumi.reason}`);
const binDir = pulumi.binDir;
jest.setTimeout(4 * 60 * 60 * 1000);

let emulator: EmulatorProcess;
let control: EmulatorControl;
let stack: SoakStack;
const stateDir = mkdtempSync(path.join(tmpdir(), "ptc-soak-emulator-"));
const reports: RoundReport[] = [];
const outside = outsideRelations(N);
const outsideKeys = new Set(outside.map((r) => `${r.fromAccount}/${r.toAccount}`));
const OUTSIDE_REMARK = "made outside the stack";
/** Every friendship on the service before the stack first ran. */
let beforeStack: string[] = [];

function errorLines(output: string): string[] {
  const lines = output
    .split("\n")
    .filter((l) => /error:|ResultCode|ErrorCode|TIMEOUT|RETRY_EXHAUSTED|CONNECTION|HTTP_STATUS/.test(l));
  return [...new Set(lines.map((l) => l.trim().slice(0, 300)))].slice(0, 8);
}

/** The lines under "Resources:" in Pulumi's output, up to "Duration:". */
function summaryOf(stdout: string): string[] {
  const section = stdout.split("\nResources:\n")[1]?.split("\nDuration:")[0] ?? "";
  return section
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

function attemptOf(result: { code: number; ms: number; stdout: string; stderr: string }): Attempt {
  return {
    code: result.code,
    seconds: Math.round(result.ms / 100) / 10,
    summary: summaryOf(result.stdout),
    errors: result.code === 0 ? [] : errorLines(`${result.stdout}\n${result.stderr}`),
  };
}

async function faultCounts(): Promise<{ calls: number; faultedCalls: Record<string, number> }> {
  const calls = await control.calls();
  const faultedCalls: Record<string, number> = {};
  for (const c of calls) {
    const outcome = c.outcome as { errorCode: number | null; fault?: string };
    const kind =
      outcome.fault ??
      (outcome.errorCode === 30006 || outcome.errorCode === 30007 ? `error${outcome.errorCode}` : undefined);
    if (kind) faultedCalls[kind] = (faultedCalls[kind] ?? 0) + 1;
  }
  return { calls: calls.length, faultedCalls };
}

/** Runs `up` (after `first`, if given) until one exits 0, at most MAX_UPS in all; the report records every attempt. */
async function converge(round: string, declaration: SoakDeclaration, first?: Attempt): Promise<RoundReport> {
  stack.declare(declaration);
  await control.clearCalls();
  const attempts: Attempt[] = first ? [first] : [];
  while (attempts.length < MAX_UPS && attempts.at(-1)?.code !== 0) {
    const result = await stack.startUp(EXTRA_FLAGS).result;
    attempts.push(attemptOf(result));
    process.stdout.write(
      `soak ${round}: up #${attempts.length} exited ${result.code} after ${attempts.at(-1)?.seconds} s: ${attempts.at(-1)?.summary.join(", ")}\n`,
    );
    if (result.code !== 0 && attempts.length === MAX_UPS) process.stdout.write(tail(result) + "\n");
  }
  const report: RoundReport = { round, relations: declaration.relations.length, attempts, ...(await faultCounts()) };
  reports.push(report);
  return report;
}

async function expectStateAsDeclared(declaration: SoakDeclaration): Promise<void> {
  const differences = stateDifferences(await control.state(), declaration, outsideKeys);
  expect(differences.slice(0, 20)).toEqual([]);
  expect(differences).toHaveLength(0);
}

const keyOf = (r: { fromAccount?: unknown; toAccount?: unknown }) => `${String(r.fromAccount)}/${String(r.toAccount)}`;

/**
 * Each declared relation recorded exactly once, nothing else, no pending operation left; recorded as adopted exactly
 * the declared friendships that existed before the stack (whatever was interrupted, the stack's own are its own).
 */
async function expectStackRecords(declaration: SoakDeclaration): Promise<void> {
  const relations = (await stack.exportedResources()).filter((r) => r.type === FRIEND_RELATION);
  const names = relations.map((r) => r.urn.split("::").at(-1));
  expect(names.length).toBe(new Set(names).size);
  expect(new Set(names)).toEqual(new Set(declaration.relations.map((r) => r.name)));
  expect(await stack.pendingOperations()).toBe(0);
  const adopted = relations
    .filter((r) => r.outputs?.createdByResource !== true)
    .map((r) => keyOf(r.outputs ?? {}))
    .sort();
  expect(adopted).toEqual(
    declaration.relations
      .map(keyOf)
      .filter((k) => outsideKeys.has(k))
      .sort(),
  );
}

/** Waits until the emulator has answered a write call since the calls were cleared. */
async function firstWrite(running: RunningPulumi): Promise<number | undefined> {
  for (;;) {
    const writes = (await control.calls()).filter((c) => WRITES.has(c.command)).length;
    if (writes > 0) return writes;
    const done = await Promise.race([
      running.result.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 100)),
    ]);
    if (done) return undefined;
  }
}

/**
 * A round in which `interrupt` strikes once the first write of an `up` reached the emulator; then `up` runs until
 * it converges, and the service and the stack must be exactly as declared.
 */
async function interruptedRound(
  round: number,
  what: string,
  interrupt: (running: RunningPulumi) => Promise<string>,
): Promise<void> {
  const declaration = declarationFor(N, round);
  stack.declare(declaration);
  await control.clearCalls();
  const running = stack.startUp(EXTRA_FLAGS);
  const writes = await firstWrite(running);
  expect(writes).toBeDefined();
  const note = `${await interrupt(running)} after ${writes} write calls`;
  const interrupted = await running.result;
  process.stdout.write(`soak round ${round} (${what}): ${note}; that up exited ${interrupted.code}\n`);
  // After a killed CLI the local backend may still hold the lock of the dead update.
  await stack.run(["cancel", "--yes"]);
  const report = await converge(`round ${round} (${what})`, declaration, attemptOf(interrupted));
  report.note = note;
  expect(report.attempts.at(-1)?.code).toBe(0);
  await expectStateAsDeclared(declaration);
  await expectStackRecords(declaration);
}

beforeAll(async () => {
  emulator = await EmulatorProcess.start([
    "--state",
    path.join(stateDir, "state.json"),
    "--accounts",
    allAccounts().join(","),
  ]);
  control = new EmulatorControl(emulator.url);
  // Friendships someone made before the stack existed: some the stack will declare, some it never will.
  const direct = new ChatClient(resolveClientConfig(emulator.clientSettings()));
  const owners = [...new Set(outside.map((r) => r.fromAccount))];
  for (const from of owners) {
    const items = outside
      .filter((r) => r.fromAccount === from)
      .map((r) => ({ To_Account: r.toAccount, AddSource: "AddSource_Type_Web", Remark: OUTSIDE_REMARK }));
    const results = await friendAdd(direct, from, items, { addType: "Add_Type_Single", force: true });
    expect(results.filter((r) => r.ResultCode !== 0)).toEqual([]);
  }
  await direct.close();
  beforeStack = friendshipKeys(await control.state());
  expect(beforeStack).toHaveLength(outside.length);
  stack = new SoakStack(binDir, emulator.clientSettings());
  await stack.init();
  await control.setFaults(FAULTS);
  process.stdout.write(
    `soak: ${N} relations (${outside.length} friendships made outside the stack first), faults ${JSON.stringify(FAULTS)}, up to ${MAX_UPS} ups per round, flags ${JSON.stringify(EXTRA_FLAGS)}\n`,
  );
});

afterAll(async () => {
  const file = path.join(tmpdir(), `ptc-soak-report-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ relations: N, faults: FAULTS, flags: EXTRA_FLAGS, reports }, null, 2));
  process.stdout.write(`soak report (${file}):\n${JSON.stringify(reports, null, 1)}\n`);
  await stack?.dispose();
  await control?.close();
  await emulator?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe(`pulumi up of ${N} relations under injected faults converges to exactly the declared state`, () => {
  const rounds = [
    { round: 0, what: "creates every relation (adopting those made outside the stack)" },
    { round: 1, what: "updates remarks, groups and custom fields (clearing some)" },
    { round: 2, what: "deletes a tenth and creates a tenth more" },
  ];

  test.each(rounds)("round $round: up $what", async ({ round }) => {
    const declaration = declarationFor(N, round);
    const report = await converge(`round ${round}`, declaration);
    expect(report.attempts.at(-1)?.code).toBe(0);
    await expectStateAsDeclared(declaration);
    await expectStackRecords(declaration);
  });

  test("round 3: the provider host SIGKILLed mid-up; the next up loses and duplicates nothing", async () => {
    await interruptedRound(3, "provider host killed", async (running) => {
      const killed = killProviderHost(running.pid);
      expect(killed.length).toBeGreaterThan(0);
      return `killed the provider host (${killed.join(", ")})`;
    });
  });

  test("round 4: the pulumi CLI SIGKILLed mid-up; the next up loses and duplicates nothing", async () => {
    await interruptedRound(4, "pulumi CLI killed", async (running) => {
      process.kill(running.pid, "SIGKILL");
      return `killed the pulumi CLI (${running.pid})`;
    });
  });

  test("round 5: the emulator SIGKILLed mid-up and started again on its state file; nothing acknowledged is lost", async () => {
    await interruptedRound(5, "emulator killed", async () => {
      await emulator.kill();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await emulator.restart();
      // Faults are settings of the running process, not state: set them again.
      await control.setFaults(FAULTS);
      return "killed the emulator and started it again a second later";
    });
  });

  test("destroy under faults removes every friendship the stack created and gives the adopted ones back", async () => {
    await control.clearCalls();
    const attempts: Attempt[] = [];
    while (attempts.length < MAX_UPS && attempts.at(-1)?.code !== 0) {
      const result = await stack.run(["destroy", "--yes", "--skip-preview", ...EXTRA_FLAGS]);
      attempts.push(attemptOf(result));
      process.stdout.write(
        `soak destroy: #${attempts.length} exited ${result.code} after ${attempts.at(-1)?.seconds} s: ${attempts.at(-1)?.summary.join(", ")}\n`,
      );
    }
    reports.push({ round: "destroy", relations: N, attempts, ...(await faultCounts()) });
    expect(attempts.at(-1)?.code).toBe(0);
    const state = await control.state();
    // Exactly the friendships that existed before the stack, each as it was made.
    expect(friendshipKeys(state)).toEqual(beforeStack);
    for (const r of outside) {
      const entry = state.accounts[r.fromAccount].friends[r.toAccount];
      expect([keyOf(r), entry.remark, entry.groups, entry.custom]).toEqual([keyOf(r), OUTSIDE_REMARK, [], {}]);
    }
    expect(await stack.exportedResources()).toHaveLength(0);
  });
});
