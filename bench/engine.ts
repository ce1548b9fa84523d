/**
 * The real-engine scenarios: the `pulumi` CLI running bench/program, one stack and local backend per provider kind
 * and parallelism, each step measured for wall time, CPU by process, the emulator's calls, state size, and what it
 * left (judged from the emulator's state and the stack's, not from the exit code).
 *
 * Steps of the same parallelism are interleaved across kinds (every kind's create, then every kind's second up, …),
 * so the rows a ratio compares were measured minutes apart, not an hour: the machine's load drifts. The stacks share
 * one emulator, so each step first loads the emulator state its own stack left.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { StateSnapshot } from "../emulator";
import { offlinePulumiEnv, runPulumi, type RunResult } from "../scripts/pulumi-cli";
import type { EmulatorControl } from "../emulator";
import { callStats } from "./call-stats";
import {
  type BenchRelation,
  benchRelations,
  friendIds,
  isChangedInVariant,
  minimumCalls,
  ownerIds,
  type RemarkVariant,
} from "./data";
import { reapedChildrenCpuSeconds, RoleSampler } from "./proc-metrics";
import { installBenchProviders } from "./provider-package";
import type { Parallel, ProviderKind, Row } from "./report";
import { type Expectation, resourcesWithErrors, type StackExport, wrongInEmulator, wrongInStack } from "./verify";

/** One step of a scenario: a CLI command and what it should leave. */
export interface EngineStep {
  /** The row's scenario label, e.g. `4a create (engine)`. */
  scenario: string;
  command: "up" | "refresh" | "destroy";
  /** The remarks the program declares for the step, so what an `up` should leave and a refresh should find. */
  variant: RemarkVariant;
  expect: Expectation;
  /** The fewest requests the service allows for the step. */
  minimum: (relations: BenchRelation[]) => number;
}

/** Relations whose remark the `changed` variant changes. */
function changedRelations(relations: BenchRelation[]): BenchRelation[] {
  return relations.filter((_, i) => isChangedInVariant(i));
}

/** Scenario 4: FriendRelations, every provider kind. */
export const RELATION_STEPS: readonly EngineStep[] = [
  {
    scenario: "4a create (engine)",
    command: "up",
    variant: "base",
    expect: "declared",
    minimum: (r) => minimumCalls(r, "write"),
  },
  { scenario: "4b second up (engine)", command: "up", variant: "base", expect: "declared", minimum: () => 0 },
  {
    scenario: "4c change 10% (engine)",
    command: "up",
    variant: "changed",
    expect: "declared",
    minimum: (r) => minimumCalls(changedRelations(r), "write"),
  },
  {
    scenario: "4d refresh (engine)",
    command: "refresh",
    variant: "changed",
    expect: "declared",
    minimum: (r) => minimumCalls(r, "read"),
  },
  {
    scenario: "4e destroy (engine)",
    command: "destroy",
    variant: "changed",
    expect: "gone",
    minimum: (r) => minimumCalls(r, "write"),
  },
];

/** Scenario 5: one FriendSet per owner. */
export const SET_STEPS: readonly EngineStep[] = [
  {
    scenario: "5a FriendSets create (engine)",
    command: "up",
    variant: "base",
    expect: "declared",
    minimum: (r) => minimumCalls(r, "write"),
  },
  {
    scenario: "5b FriendSets second up (engine)",
    command: "up",
    variant: "base",
    expect: "declared",
    minimum: () => 0,
  },
  {
    scenario: "5c FriendSets destroy (engine)",
    command: "destroy",
    variant: "base",
    expect: "gone",
    minimum: (r) => minimumCalls(r, "write"),
  },
];

export interface EngineContext {
  control: EmulatorControl;
  /** Directory holding `pulumi` and its Node.js plugins (scripts/pulumi-cli.ts findPulumi). */
  binDir: string;
  /** TENCENT_CHAT_* settings of the emulator, which every provider kind reads. */
  credentialEnv: Record<string, string>;
  accounts: number;
  /** Emulator latency per call during these scenarios, ms. */
  latencyMs: number;
  log: (message: string) => void;
}

const programDir = path.join(__dirname, "program");

/** One provider kind's stack, in a local backend of its own, and the emulator state it left. */
class EngineStack {
  readonly name: string;
  private readonly workDir = mkdtempSync(path.join(tmpdir(), "ptc-bench-"));
  /** What the emulator held after this stack's last step. */
  emulatorState?: StateSnapshot;

  constructor(
    readonly kind: ProviderKind,
    readonly parallel: Parallel,
    readonly relations: number,
    private readonly ctx: EngineContext,
  ) {
    this.name = `bench-${kind}-${parallel}-${process.pid}`;
    mkdirSync(path.join(this.workDir, "backend"), { recursive: true });
  }

  private env(variant: RemarkVariant): NodeJS.ProcessEnv {
    const clean = { ...process.env };
    for (const key of Object.keys(clean))
      if (key.startsWith("TENCENT_CHAT_") || key.startsWith("BENCH_") || key.startsWith("PTC_BENCH_"))
        delete clean[key];
    const offline = offlinePulumiEnv(
      {
        binDir: this.ctx.binDir,
        homeDir: path.join(this.workDir, "home"),
        backendDir: path.join(this.workDir, "backend"),
        passphrase: "bench",
      },
      clean,
    );
    return {
      ...offline,
      ...this.ctx.credentialEnv,
      PTC_BENCH_KIND: this.kind,
      PTC_BENCH_RELATIONS: String(this.relations),
      PTC_BENCH_ACCOUNTS: String(this.ctx.accounts),
      PTC_BENCH_REMARKS: variant,
    };
  }

  async pulumi(args: string[], variant: RemarkVariant = "base"): Promise<RunResult> {
    return runPulumi([...args, "--stack", this.name], { cwd: programDir, env: this.env(variant) });
  }

  async init(): Promise<void> {
    const init = await this.pulumi(["stack", "init"]);
    if (init.code !== 0) throw new Error(`pulumi stack init exited ${init.code}: ${init.stderr.slice(-2000)}`);
  }

  /** `pulumi stack export`: its size in bytes and the parsed state. */
  async exportState(): Promise<{ bytes: number; state: StackExport }> {
    const out = await this.pulumi(["stack", "export"]);
    if (out.code !== 0) throw new Error(`pulumi stack export exited ${out.code}: ${out.stderr.slice(-2000)}`);
    return { bytes: Buffer.byteLength(out.stdout), state: JSON.parse(out.stdout) as StackExport };
  }

  dispose(): void {
    rmSync(path.join(programDir, `Pulumi.${this.name}.yaml`), { force: true });
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** The emulator as `stack` left it (or empty with the data set's accounts), latency set, call log cleared. */
async function prepareEmulator(ctx: EngineContext, stack: EngineStack): Promise<void> {
  await ctx.control.reset();
  if (stack.emulatorState) await ctx.control.loadState(stack.emulatorState);
  else {
    const accounts = [...ownerIds(ctx.accounts), ...friendIds(stack.relations, ctx.accounts)];
    const refused = await ctx.control.seedAccounts(accounts);
    if (refused.length > 0) throw new Error(`seeding refused ${refused.length} accounts, e.g. ${refused[0]}`);
  }
  // reset restores the start-up faults; these scenarios may run at a latency of their own.
  await ctx.control.setFaults({ latencyMs: ctx.latencyMs });
  await ctx.control.clearCalls();
}

/** Runs one step on one stack and measures it. */
async function runStep(ctx: EngineContext, stack: EngineStack, step: EngineStep): Promise<Row> {
  const relations = benchRelations(stack.relations, ctx.accounts, step.variant);
  const sets = stack.kind === "friend-set";
  const declaredResources = sets ? new Set(relations.map((r) => r.fromAccount)).size : relations.length;
  ctx.log(`${step.scenario}: ${stack.kind}, parallel ${stack.parallel}, ${relations.length} relations`);
  await prepareEmulator(ctx, stack);
  const args = [step.command, "--yes", "--skip-preview"];
  if (stack.parallel !== "default") args.push("--parallel", String(stack.parallel));

  const sampler = new RoleSampler(process.pid);
  const emulatorCpu = process.cpuUsage();
  const treeCpu = reapedChildrenCpuSeconds();
  const started = process.hrtime.bigint();
  const result = await stack.pulumi(args, step.variant);
  const wallSeconds = seconds(started);
  const tree = reapedChildrenCpuSeconds() - treeCpu;
  const ownCpu = process.cpuUsage(emulatorCpu);
  const sampled = sampler.stop();

  const stats = callStats(await ctx.control.calls(), stack.kind);
  stack.emulatorState = await ctx.control.state();
  const exported = await stack.exportState();
  const wrong = new Set(wrongInStack(exported.state, relations, step.expect, sets));
  if (stack.kind !== "noop")
    for (const name of wrongInEmulator(stack.emulatorState, relations, step.expect)) wrong.add(name);
  const errors = resourcesWithErrors(result.stdout + result.stderr);
  const errorLine = (result.stdout + result.stderr)
    .split("\n")
    .find((l) => /error:/.test(l))
    ?.trim()
    .slice(0, 300);
  return {
    scenario: step.scenario,
    provider: stack.kind,
    resources: declaredResources,
    concurrency: stack.parallel,
    stats,
    failed: wrong.size,
    engineErrors: errors.length,
    wallSeconds,
    cpuSeconds: sampled.cpu.host,
    cpu: { ...sampled.cpu, emulator: (ownCpu.user + ownCpu.system) / 1e6, tree },
    peakRssMiB: sampled.hostPeakRssMiB,
    minimumCalls: step.minimum(relations),
    stateBytes: exported.bytes,
    stateBytesPerResource: step.expect === "declared" ? exported.bytes / declaredResources : undefined,
    note:
      result.code === 0
        ? undefined
        : `pulumi ${step.command} exited ${result.code}${errorLine ? `: ${errorLine}` : ""}`,
  };
}

/**
 * Runs `steps` for every kind at one parallelism, interleaved step by step; returns the rows in the order measured.
 * A step that throws (the CLI could not be run at all, not a failed resource) ends the scenario with that error.
 */
export async function runEngineScenario(
  ctx: EngineContext,
  kinds: readonly ProviderKind[],
  parallel: Parallel,
  relations: number,
  steps: readonly EngineStep[],
): Promise<Row[]> {
  installBenchProviders();
  const stacks = kinds.map((kind) => new EngineStack(kind, parallel, relations, ctx));
  const rows: Row[] = [];
  try {
    for (const stack of stacks) await stack.init();
    for (const step of steps) for (const stack of stacks) rows.push(await runStep(ctx, stack, step));
  } finally {
    for (const stack of stacks) stack.dispose();
  }
  return rows;
}
