/**
 * Fault soak (`npm run soak`, not part of `npm test`): the real Pulumi engine deploys SOAK_RELATIONS FriendRelations
 * (default 1,000) while the emulator injects internal errors, HTTP 502s and dropped connections, and the emulator's
 * state must end up exactly as declared, through creates, updates, deletes, a provider host killed mid-`up`, and
 * destroy. An `up` that exits non-zero because a fault outlasted the retry budget is followed by another `up`: how
 * often that happens is reported, not hidden.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type FaultSettings, type RunningEmulator, startEmulator } from "../../emulator";
import { findPulumi } from "../../scripts/pulumi-cli";
import { EmulatorControl } from "../../emulator";
import { allAccounts, declarationFor, type SoakDeclaration, stateDifferences } from "./declaration";
import { killProviderHost, SoakStack, tail } from "./soak-stack";

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

let emulator: RunningEmulator;
let control: EmulatorControl;
let stack: SoakStack;
const reports: RoundReport[] = [];

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
  const differences = stateDifferences(await control.state(), declaration);
  expect(differences.slice(0, 20)).toEqual([]);
  expect(differences).toHaveLength(0);
}

/** Each declared relation recorded exactly once in the stack, nothing else, and no pending operation left. */
async function expectStackRecordsEachOnce(
  declaration: SoakDeclaration,
): Promise<Array<{ urn: string; outputs?: Record<string, unknown> }>> {
  const relations = (await stack.exportedResources()).filter((r) => r.type === FRIEND_RELATION);
  const names = relations.map((r) => r.urn.split("::").at(-1));
  expect(names.length).toBe(new Set(names).size);
  expect(new Set(names)).toEqual(new Set(declaration.relations.map((r) => r.name)));
  expect(await stack.pendingOperations()).toBe(0);
  return relations;
}

beforeAll(async () => {
  emulator = await startEmulator();
  control = new EmulatorControl(emulator.url);
  expect(await control.seedAccounts(allAccounts())).toEqual([]);
  stack = new SoakStack(binDir, emulator.clientSettings());
  await stack.init();
  await control.setFaults(FAULTS);
  process.stdout.write(
    `soak: ${N} relations, faults ${JSON.stringify(FAULTS)}, up to ${MAX_UPS} ups per round, flags ${JSON.stringify(EXTRA_FLAGS)}\n`,
  );
});

afterAll(async () => {
  const file = path.join(tmpdir(), `ptc-soak-report-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ relations: N, faults: FAULTS, flags: EXTRA_FLAGS, reports }, null, 2));
  process.stdout.write(`soak report (${file}):\n${JSON.stringify(reports, null, 1)}\n`);
  await stack?.dispose();
  await control?.close();
  await emulator?.close();
});

describe(`pulumi up of ${N} relations under injected faults converges to exactly the declared state`, () => {
  const rounds = [
    { round: 0, what: "creates every relation" },
    { round: 1, what: "updates remarks, groups and custom fields (clearing some)" },
    { round: 2, what: "deletes a tenth and creates a tenth more" },
  ];

  test.each(rounds)("round $round: up $what", async ({ round }) => {
    const declaration = declarationFor(N, round);
    const report = await converge(`round ${round}`, declaration);
    expect(report.attempts.at(-1)?.code).toBe(0);
    await expectStateAsDeclared(declaration);
    const recorded = await expectStackRecordsEachOnce(declaration);
    // Round 0 created every friendship, so delete will remove them.
    if (round === 0) expect(recorded.filter((r) => r.outputs?.createdByResource !== true)).toEqual([]);
  });

  test("the provider host killed in the middle of an up: the next up loses and duplicates nothing", async () => {
    const declaration = declarationFor(N, 3);
    stack.declare(declaration);
    await control.clearCalls();
    const running = stack.startUp(EXTRA_FLAGS);
    // Kill once writes are under way: after the first write call reached the emulator.
    let killed: number[] = [];
    let writesBeforeKill = 0;
    for (;;) {
      const writes = (await control.calls()).filter((c) => WRITES.has(c.command));
      const done = await Promise.race([
        running.result.then(() => true),
        new Promise<false>((r) => setTimeout(() => r(false), 100)),
      ]);
      if (done) break;
      if (writes.length > 0) {
        writesBeforeKill = writes.length;
        killed = killProviderHost(running.pid);
        if (killed.length > 0) break;
      }
    }
    const interrupted = await running.result;
    process.stdout.write(
      `soak kill: killed ${JSON.stringify(killed)} after ${writesBeforeKill} write calls; up exited ${interrupted.code}\n`,
    );
    expect(killed.length).toBeGreaterThan(0);
    expect(interrupted.code).not.toBe(0);

    const report = await converge("round 3 (host killed)", declaration, attemptOf(interrupted));
    report.note = `killed the provider host after ${writesBeforeKill} write calls`;
    expect(report.attempts.at(-1)?.code).toBe(0);
    await expectStateAsDeclared(declaration);
    const recorded = await expectStackRecordsEachOnce(declaration);
    const adopted = recorded.filter((r) => r.outputs?.createdByResource !== true).map((r) => r.urn.split("::").at(-1));
    report.note += `; ${adopted.length} relations recorded as adopted (createdByResource false): ${adopted.slice(0, 10).join(", ")}`;
    // Finding, reported: a create whose write landed before the kill is adopted by the next up.
  });

  test("destroy under faults removes every friendship the stack created", async () => {
    const recorded = (await stack.exportedResources()).filter((r) => r.type === FRIEND_RELATION);
    const adopted = new Set(
      recorded
        .filter((r) => r.outputs?.createdByResource !== true)
        .map((r) => `${r.outputs?.fromAccount}/${r.outputs?.toAccount}`),
    );
    await control.clearCalls();
    const attempts: Attempt[] = [];
    while (attempts.length < MAX_UPS && attempts.at(-1)?.code !== 0) {
      const result = await stack.run(["destroy", "--yes", "--skip-preview", ...EXTRA_FLAGS]);
      attempts.push(attemptOf(result));
      process.stdout.write(
        `soak destroy: #${attempts.length} exited ${result.code} after ${attempts.at(-1)?.seconds} s: ${attempts.at(-1)?.summary.join(", ")}\n`,
      );
    }
    reports.push({ round: "destroy", relations: recorded.length, attempts, ...(await faultCounts()) });
    expect(attempts.at(-1)?.code).toBe(0);
    // What is left: only adopted friendships (delete keeps them), with the managed tags cleared.
    const state = await control.state();
    const left = Object.entries(state.accounts).flatMap(([from, a]) =>
      Object.entries(a.friends).map(([to, entry]) => ({ key: `${from}/${to}`, entry })),
    );
    for (const { key, entry } of left) {
      expect(
        adopted.has(key) ? { key, remark: entry.remark, groups: entry.groups, custom: entry.custom } : key,
      ).toEqual({ key, remark: "", groups: [], custom: {} });
    }
    expect(await stack.exportedResources()).toHaveLength(0);
  });
});
