/**
 * Benchmarks of the FriendRelation provider against a naive one (bench/naive-provider.ts), in one run, against the
 * local emulator with a realistic added latency and its real 200 calls/s limits:
 *
 *   1. create N relations over A accounts through the SDK's dynamic-provider host (the host's concurrency = Create
 *      calls kept in flight), at each concurrency given;
 *   2. the same data as FriendSets (when provider/friend-set exists);
 *   3. refresh (read) of all N;
 *   4. `pulumi up` of M relations with the real engine (bench/program).
 *
 *   npm run bench -- [--quick] [--latency 20] [--relations 10000] [--accounts 10] [--concurrency 8,64]
 *                    [--engine-relations 1000] [--scenarios 1,2,3,4] [--out bench/results/latest.json]
 *
 * See bench/README.md for what each figure means.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { cpus, tmpdir } from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator, type StateSnapshot } from "../emulator";
import { ensurePackageInstalled } from "../scripts/package-build";
import { findPulumi, offlinePulumiEnv, runPulumi } from "../scripts/pulumi-cli";
import { EmulatorControl } from "../emulator";
import { Engine, ProviderHost, type ResourceState, stackConfigFor } from "../scripts/provider-host";
import { callStats, type CallStats } from "./call-stats";
import { benchRelations, type BenchRelation, friendIds, minimumCalls, ownerIds } from "./data";
import { findProviderHosts, HostSampler, sample } from "./proc-metrics";
import { serializeFactory, serializeProvider } from "../scripts/serialize-provider";

/** Our FriendRelation provider, the naive baseline, our FriendSet provider. */
export type ProviderKind = "ours" | "naive" | "friend-set";

async function serializeProviderText(kind: ProviderKind): Promise<string> {
  if (kind === "ours") return (await serializeProvider("friendRelation")).text;
  if (kind === "friend-set") return (await serializeProvider("friendSet")).text;
  return (await serializeFactory(path.join(__dirname, "naive-provider.ts"), "naiveProvider")).text;
}

const repoRoot = path.resolve(__dirname, "..");

export interface BenchOptions {
  latencyMs: number;
  relations: number;
  accounts: number;
  concurrency: number[];
  engineRelations: number;
  scenarios: number[];
  quick: boolean;
  out: string;
}

const USAGE = `usage: npm run bench -- [options]   (each option also as an environment variable)
  --quick                 small smoke run (relations 200, engine-relations 20), under 2 minutes   BENCH_QUICK=1
  --latency MS            emulator latency per call (fault latencyMs), default 20                   BENCH_LATENCY_MS
  --relations N           relations in scenarios 1-3, default 10000                                BENCH_RELATIONS
  --accounts A            owners the relations are spread over, default 10                         BENCH_ACCOUNTS
  --concurrency C[,C…]    Create calls kept in flight in scenario 1, default 8,64                  BENCH_CONCURRENCY
  --engine-relations M    relations of the real-engine pulumi up (scenario 4), default 1000        BENCH_ENGINE_RELATIONS
  --scenarios S[,S…]      which scenarios to run, default 1,2,3,4                                  BENCH_SCENARIOS
  --out FILE              JSON results, default bench/results/latest.json                          BENCH_OUT`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === "--quick") flags.set("quick", "1");
    else if (arg.startsWith("--")) {
      const [key, inline] = arg.slice(2).split("=", 2);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${key}: expected a value, got nothing`);
      flags.set(key, value);
    } else throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
  }
  const pick = (flag: string, envName: string): string | undefined => flags.get(flag) ?? env[envName];
  const quick = pick("quick", "BENCH_QUICK") === "1";
  const int = (flag: string, envName: string, fallback: number, min: number): number => {
    const raw = pick(flag, envName);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${flag}: expected an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  const list = (flag: string, envName: string, fallback: number[], allowed?: number[]): number[] => {
    const raw = pick(flag, envName);
    if (raw === undefined) return fallback;
    const values = raw.split(",").map((s) => Number(s.trim()));
    for (const v of values) {
      if (!Number.isInteger(v) || v < 1 || (allowed && !allowed.includes(v))) {
        throw new Error(
          `--${flag}: expected comma-separated integers${allowed ? ` from ${allowed.join(",")}` : " ≥ 1"}, got "${raw}"`,
        );
      }
    }
    return values;
  };
  const known = new Set([
    "quick",
    "latency",
    "relations",
    "accounts",
    "concurrency",
    "engine-relations",
    "scenarios",
    "out",
  ]);
  for (const key of flags.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
  return {
    quick,
    latencyMs: int("latency", "BENCH_LATENCY_MS", 20, 0),
    relations: int("relations", "BENCH_RELATIONS", quick ? 200 : 10000, 1),
    accounts: int("accounts", "BENCH_ACCOUNTS", 10, 1),
    concurrency: list("concurrency", "BENCH_CONCURRENCY", [8, 64]),
    engineRelations: int("engine-relations", "BENCH_ENGINE_RELATIONS", quick ? 20 : 1000, 1),
    scenarios: list("scenarios", "BENCH_SCENARIOS", [1, 2, 3, 4], [1, 2, 3, 4]),
    out: path.resolve(pick("out", "BENCH_OUT") ?? path.join(repoRoot, "bench", "results", "latest.json")),
  };
}

/** One measured line: a scenario run with one provider. */
export interface Row {
  scenario: string;
  provider: ProviderKind;
  resources: number;
  /** Calls kept in flight (host scenarios) or "engine" (the CLI's default parallelism). */
  concurrency: number | "engine";
  stats?: CallStats;
  /** Resources whose operation failed (or, on refresh, that came back gone). */
  failed: number;
  wallSeconds: number;
  /** CPU seconds of the dynamic-provider host process during the scenario. */
  cpuSeconds: number;
  /** VmHWM of the host process, MiB. */
  peakRssMiB: number;
  minimumCalls: number;
  /** The naive row to compare with, when not the same scenario and concurrency (FriendSets: naive create). */
  compareWith?: { scenario: string; concurrency: number };
  /** Ours ÷ naive, on the matching naive row. */
  vsNaive?: { calls: number; wall: number; cpu: number };
  /** Calls ÷ the minimum call count. */
  vsMinimum?: number;
  note?: string;
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs `run` over `items` with `concurrency` workers; counts the failures, keeping the first message. */
async function inPool<T>(
  items: T[],
  concurrency: number,
  run: (item: T) => Promise<void>,
): Promise<{ failed: number; firstError?: string }> {
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        try {
          await run(item);
        } catch (error) {
          failed++;
          firstError ??= error instanceof Error ? error.message.slice(0, 300) : String(error);
        }
      }
    }),
  );
  return { failed, firstError };
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function inputsOf(r: BenchRelation): Record<string, unknown> {
  return { fromAccount: r.fromAccount, toAccount: r.toAccount, remark: r.remark, groups: r.groups };
}

class Bench {
  private readonly control: EmulatorControl;
  private readonly providerTexts = new Map<ProviderKind, string>();
  readonly rows: Row[] = [];
  /** The emulator's state and our recorded resources after our create, for the refresh scenario. */
  private created?: { snapshot: StateSnapshot; states: ResourceState[] };

  constructor(
    private readonly emulator: RunningEmulator,
    private readonly options: BenchOptions,
    private readonly relations: BenchRelation[],
  ) {
    this.control = new EmulatorControl(emulator.url);
  }

  private get credentials() {
    return this.emulator.clientSettings();
  }

  private credentialEnv(): Record<string, string> {
    const c = this.credentials;
    return {
      TENCENT_CHAT_ENDPOINT: c.endpoint,
      TENCENT_CHAT_SDKAPPID: String(c.sdkAppId),
      TENCENT_CHAT_ADMIN: c.adminIdentifier,
      TENCENT_CHAT_SECRET_KEY: c.secretKey,
    };
  }

  private async providerText(kind: ProviderKind): Promise<string> {
    let text = this.providerTexts.get(kind);
    if (!text) {
      text = await serializeProviderText(kind);
      this.providerTexts.set(kind, text);
    }
    return text;
  }

  /** Empty emulator (latency restored), the data set's accounts seeded, call log cleared. */
  private async freshEmulator(relations: BenchRelation[]): Promise<void> {
    await this.control.reset();
    const accounts = [...ownerIds(this.options.accounts), ...friendIds(relations.length, this.options.accounts)];
    const refused = await this.control.seedAccounts(accounts);
    if (refused.length > 0) throw new Error(`seeding refused ${refused.length} accounts, e.g. ${refused[0]}`);
  }

  /** A dynamic-provider host for `kind`, configured: ours from stack config, the naive one from its environment. */
  private async startHost(kind: ProviderKind): Promise<{ host: ProviderHost; pid: number }> {
    const known = new Set(findProviderHosts(process.pid));
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...(kind === "naive" ? this.credentialEnv() : {}) };
    const host = await ProviderHost.start({ providerText: await this.providerText(kind), env });
    await host.configure(kind === "naive" ? {} : stackConfigFor(this.credentials));
    const pid = findProviderHosts(process.pid).find((p) => !known.has(p));
    if (pid === undefined) throw new Error("cannot find the dynamic-provider host process under this one");
    return { host, pid };
  }

  /** Runs `work` against a fresh host and measures it. */
  private async measureHost(
    kind: ProviderKind,
    work: (engine: Engine) => Promise<{ failed: number; firstError?: string }>,
  ): Promise<Pick<Row, "stats" | "failed" | "wallSeconds" | "cpuSeconds" | "peakRssMiB" | "note">> {
    const { host, pid } = await this.startHost(kind);
    try {
      await this.control.clearCalls();
      const before = sample(pid);
      const started = process.hrtime.bigint();
      const outcome = await work(new Engine(host));
      const wallSeconds = seconds(started);
      const after = sample(pid);
      const stats = callStats(await this.control.calls(), kind);
      return {
        stats,
        failed: outcome.failed,
        wallSeconds,
        cpuSeconds: (after?.cpuSeconds ?? 0) - (before?.cpuSeconds ?? 0),
        peakRssMiB: after?.peakRssMiB ?? 0,
        note: outcome.firstError,
      };
    } finally {
      await host.close();
    }
  }

  /** Scenario 1: create every relation through the host with `concurrency` Create calls in flight. */
  async create(kind: ProviderKind, concurrency: number, keep: boolean): Promise<void> {
    log(`1. create ${this.relations.length} (${kind}, concurrency ${concurrency})`);
    await this.freshEmulator(this.relations);
    const states: ResourceState[] = [];
    const measured = await this.measureHost(kind, (engine) =>
      inPool(this.relations, concurrency, async (r) => {
        states.push(await engine.create(inputsOf(r)));
      }),
    );
    this.rows.push({
      scenario: "1 create (host)",
      provider: kind,
      resources: this.relations.length,
      concurrency,
      ...measured,
      minimumCalls: minimumCalls(this.relations, "write"),
    });
    if (keep && kind === "ours") this.created = { snapshot: await this.control.state(), states };
  }

  /** Scenario 3: read every relation, as `pulumi refresh` does, from the state our create left. */
  async refresh(kind: ProviderKind, concurrency: number): Promise<void> {
    if (!this.created) {
      log("3. refresh: creating the data set first (not measured)");
      await this.create("ours", Math.max(...this.options.concurrency), true);
      this.rows.pop();
    }
    const created = this.created;
    if (!created) throw new Error("the create before refresh kept no state");
    log(`3. refresh ${this.relations.length} (${kind}, concurrency ${concurrency})`);
    await this.control.reset();
    await this.control.loadState(created.snapshot);
    const states: ResourceState[] =
      kind === "ours"
        ? created.states
        : this.relations.map((r) => ({
            id: `${r.fromAccount}/${r.toAccount}`,
            inputs: inputsOf(r),
            outputs: inputsOf(r),
          }));
    const measured = await this.measureHost(kind, (engine) =>
      inPool(states, concurrency, async (state) => {
        if (!(await engine.refresh(state))) throw new Error(`refresh found ${state.id} gone`);
      }),
    );
    this.rows.push({
      scenario: "3 refresh (host)",
      provider: kind,
      resources: states.length,
      concurrency,
      ...measured,
      minimumCalls: minimumCalls(this.relations, "read"),
    });
  }

  /** Scenario 2: the same data as one FriendSet per account (all sets in flight), when FriendSet exists. */
  async friendSets(compareConcurrency: number): Promise<void> {
    const owners = [...new Set(this.relations.map((r) => r.fromAccount))];
    const base = {
      scenario: "2 FriendSets (host)",
      provider: "friend-set" as const,
      resources: this.relations.length,
      concurrency: owners.length,
      minimumCalls: minimumCalls(this.relations, "write"),
      compareWith: { scenario: "1 create (host)", concurrency: compareConcurrency },
    };
    if (!existsSync(path.join(repoRoot, "provider", "friend-set", "index.ts"))) {
      log("2. FriendSets: not available (no provider/friend-set)");
      this.rows.push({ ...base, failed: 0, wallSeconds: NaN, cpuSeconds: NaN, peakRssMiB: NaN, note: "not available" });
      return;
    }
    log(`2. ${owners.length} FriendSets holding ${this.relations.length} friends`);
    await this.freshEmulator(this.relations);
    const sets = owners.map((fromAccount) => ({
      fromAccount,
      friends: Object.fromEntries(
        this.relations
          .filter((r) => r.fromAccount === fromAccount)
          .map((r) => [r.toAccount, { remark: r.remark, groups: r.groups }]),
      ),
    }));
    const measured = await this.measureHost("friend-set", (engine) =>
      inPool(sets, sets.length, async (set) => {
        await engine.create(set);
      }),
    );
    this.rows.push({ ...base, ...measured, note: measured.note ?? `${sets.length} sets, one Create each` });
  }

  /** Scenario 4: `pulumi up` of the engine data set with the real CLI, in a stack and backend of its own. */
  async engineUp(kind: ProviderKind): Promise<void> {
    const relations = benchRelations(this.options.engineRelations, this.options.accounts);
    const base: Omit<Row, "failed" | "wallSeconds" | "cpuSeconds" | "peakRssMiB"> = {
      scenario: "4 pulumi up (engine)",
      provider: kind,
      resources: relations.length,
      concurrency: "engine",
      minimumCalls: minimumCalls(relations, "write"),
    };
    const pulumi = findPulumi();
    if (!pulumi.available) {
      log(`4. pulumi up: skipped: ${pulumi.reason}`);
      this.rows.push({
        ...base,
        failed: 0,
        wallSeconds: NaN,
        cpuSeconds: NaN,
        peakRssMiB: NaN,
        note: `not run: ${pulumi.reason}`,
      });
      return;
    }
    log(`4. pulumi up of ${relations.length} (${kind})`);
    await this.freshEmulator(relations);
    const programDir = path.join(repoRoot, "bench", "program");
    const workDir = mkdtempSync(path.join(tmpdir(), "ptc-bench-"));
    const stack = `bench-${kind}-${process.pid}`;
    const cleanEnv = { ...process.env };
    for (const key of Object.keys(cleanEnv))
      if (key.startsWith("TENCENT_CHAT_") || key.startsWith("BENCH_")) delete cleanEnv[key];
    const env = {
      ...offlinePulumiEnv(
        {
          binDir: pulumi.binDir,
          homeDir: path.join(workDir, "home"),
          backendDir: path.join(workDir, "backend"),
          passphrase: "bench",
        },
        cleanEnv,
      ),
      ...this.credentialEnv(),
      PTC_BENCH_KIND: kind,
      PTC_BENCH_RELATIONS: String(relations.length),
      PTC_BENCH_ACCOUNTS: String(this.options.accounts),
    };
    mkdirSync(path.join(workDir, "backend"), { recursive: true });
    try {
      const init = await runPulumi(["stack", "init", stack], { cwd: programDir, env });
      if (init.code !== 0) throw new Error(`pulumi stack init exited ${init.code}: ${init.stderr.slice(-2000)}`);
      await this.control.clearCalls();
      const sampler = new HostSampler(process.pid);
      const started = process.hrtime.bigint();
      const up = await runPulumi(["up", "--yes", "--skip-preview", "--stack", stack], { cwd: programDir, env });
      const wallSeconds = seconds(started);
      const host = sampler.stop();
      const createdMatch = /\+\s+(\d+) created/.exec(up.stdout);
      // The summary counts the stack itself among the created resources.
      const createdRelations = createdMatch ? Number(createdMatch[1]) - 1 : 0;
      const failed = relations.length - createdRelations;
      const errorLine =
        up.code === 0
          ? undefined
          : (up.stdout + up.stderr)
              .split("\n")
              .find((l) => /error:/.test(l))
              ?.trim()
              .slice(0, 300);
      this.rows.push({
        ...base,
        stats: callStats(await this.control.calls(), kind),
        failed,
        wallSeconds,
        cpuSeconds: host.cpuSeconds,
        peakRssMiB: host.peakRssMiB,
        note: up.code === 0 ? undefined : `pulumi up exited ${up.code}${errorLine ? `: ${errorLine}` : ""}`,
      });
    } finally {
      rmSync(path.join(programDir, `Pulumi.${stack}.yaml`), { force: true });
      rmSync(workDir, { recursive: true, force: true });
    }
  }
}

/** Fills in each of our rows' ratios to the naive row of the same scenario and size, and to the minimum. */
function addRatios(rows: Row[]): void {
  for (const row of rows) {
    if (row.stats && row.minimumCalls > 0) row.vsMinimum = row.stats.calls / row.minimumCalls;
    if (row.provider === "naive" || !row.stats) continue;
    const scenario = row.compareWith?.scenario ?? row.scenario;
    const concurrency = row.compareWith?.concurrency ?? row.concurrency;
    const naive = rows.find(
      (r) =>
        r.provider === "naive" &&
        r.scenario === scenario &&
        r.concurrency === concurrency &&
        r.resources === row.resources,
    );
    if (naive?.stats) {
      row.vsNaive = {
        calls: row.stats.calls / naive.stats.calls,
        wall: row.wallSeconds / naive.wallSeconds,
        cpu: row.cpuSeconds / naive.cpuSeconds,
      };
    }
  }
}

function fmt(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return "–";
  return n.toFixed(digits);
}

export function formatTable(rows: Row[]): string {
  const header = [
    "scenario",
    "provider",
    "resources",
    "conc",
    "calls",
    "30008",
    "60007",
    "retries",
    "failed",
    "wall s",
    "cpu s",
    "peak MiB",
    "min calls",
    "calls ÷ min",
    "calls ÷ naive",
    "wall ÷ naive",
    "cpu ÷ naive",
  ];
  const lines = rows.map((r) => [
    r.scenario,
    r.provider,
    String(r.resources),
    String(r.concurrency),
    r.stats ? String(r.stats.calls) : "–",
    r.stats ? String(r.stats.conflicts) : "–",
    r.stats ? String(r.stats.throttled) : "–",
    r.stats ? String(r.stats.retries) : "–",
    r.stats ? String(r.failed) : "–",
    fmt(r.wallSeconds),
    fmt(r.cpuSeconds),
    fmt(r.peakRssMiB, 0),
    String(r.minimumCalls),
    fmt(r.vsMinimum),
    fmt(r.vsNaive?.calls, 3),
    fmt(r.vsNaive?.wall, 2),
    fmt(r.vsNaive?.cpu, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.scenario}, ${r.provider}, ${r.concurrency}: ${r.note}`);
  return [
    row(header),
    row(widths.map((w) => "-".repeat(w))),
    ...lines.map(row),
    ...(notes.length ? ["", ...notes] : []),
  ].join("\n");
}

/** The commit measured, and the files under provider/ and emulator/ that differed from it (work in progress). */
function codeVersion(): { commit: string; uncommitted: string[] } {
  const git = (args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
  try {
    const uncommitted = git(["status", "--porcelain", "--", "provider", "emulator"])
      .split("\n")
      .filter(Boolean)
      .map((l) => l.slice(3));
    return { commit: git(["rev-parse", "HEAD"]), uncommitted };
  } catch {
    return { commit: "unknown", uncommitted: [] };
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  ensurePackageInstalled();
  const relations = benchRelations(options.relations, options.accounts);
  log(`options ${JSON.stringify(options)}`);
  const perOwner = Math.max(options.relations, options.engineRelations) / options.accounts;
  const emulator = await startEmulator({
    port: 0,
    faults: { latencyMs: options.latencyMs },
    callLogLimit: 1_000_000,
    limits: { friendsPerUser: Math.max(3000, Math.ceil(perOwner) + 10) },
  });
  const bench = new Bench(emulator, options, relations);
  const startedAt = new Date().toISOString();
  const started = process.hrtime.bigint();
  try {
    const maxConcurrency = Math.max(...options.concurrency);
    if (options.scenarios.includes(1)) {
      for (const concurrency of options.concurrency) {
        for (const kind of ["naive", "ours"] as const)
          await bench.create(kind, concurrency, concurrency === maxConcurrency);
      }
    }
    if (options.scenarios.includes(2)) await bench.friendSets(maxConcurrency);
    if (options.scenarios.includes(3)) {
      for (const kind of ["naive", "ours"] as const) await bench.refresh(kind, maxConcurrency);
    }
    if (options.scenarios.includes(4)) {
      for (const kind of ["naive", "ours"] as const) await bench.engineUp(kind);
    }
  } finally {
    await emulator.close();
  }
  addRatios(bench.rows);
  const table = formatTable(bench.rows);
  console.log(table);
  mkdirSync(path.dirname(options.out), { recursive: true });
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    platform: process.platform,
  };
  writeFileSync(
    options.out,
    JSON.stringify(
      { startedAt, totalSeconds: seconds(started), machine, code: codeVersion(), options, rows: bench.rows },
      null,
      2,
    ) + "\n",
  );
  log(`results written to ${path.relative(process.cwd(), options.out)} (${fmt(seconds(started))} s in all)`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
