/**
 * Benchmarks of the FriendRelation provider against naive ones (bench/naive-provider.ts) and the engine's floor
 * (bench/noop-provider.ts), in one run, against the local emulator with a realistic added latency and its real
 * 200 calls/s limits:
 *
 *   1. create N relations over A accounts through the SDK's dynamic-provider host (the host's concurrency = Create
 *      calls kept in flight), at each concurrency given;
 *   2. the same data as FriendSets through the host;
 *   3. refresh (read) of all N through the host;
 *   4. M relations with the real CLI (bench/program), for each provider kind and engine parallelism: create, second
 *      up, 10% of the remarks changed, refresh, destroy (bench/engine.ts);
 *   5. one FriendSet per owner with the real CLI: create, second up, destroy.
 *
 *   npm run bench -- [--quick] [--scenarios 1,2,3,4,5] [--engine-parallel default,64] [--engine-relations 1000] …
 *
 * See bench/README.md (or --help) for every option and what each figure means.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator, type StateSnapshot } from "../emulator";
import { ensurePackageInstalled } from "../scripts/package-build";
import { findPulumi } from "../scripts/pulumi-cli";
import { EmulatorControl } from "../emulator";
import { Engine, ProviderHost, type ResourceState, stackConfigFor } from "../scripts/provider-host";
import { callStats } from "./call-stats";
import { benchRelations, type BenchRelation, friendIds, minimumCalls, ownerIds } from "./data";
import { type EngineContext, RELATION_STEPS, runEngineScenario, SET_STEPS } from "./engine";
import { findProviderHosts, sample } from "./proc-metrics";
import { addRatios, fmt, formatTable, type Parallel, type ProviderKind, type Row } from "./report";
import { serializeFactory, serializeProvider } from "../scripts/serialize-provider";

/** The kinds the host scenarios drive: the naive baseline, our FriendRelation, our FriendSet. */
type HostKind = "ours" | "naive" | "friend-set";

/** The FriendRelation kinds of the engine scenarios, in the order they run. */
const ENGINE_KINDS: readonly ProviderKind[] = ["noop", "naive", "naive-retrying", "ours"];

async function serializeProviderText(kind: HostKind): Promise<string> {
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
  engineParallel: Parallel[];
  engineKinds: ProviderKind[];
  engineLatencyMs: number;
  setFriends: number;
  scenarios: number[];
  quick: boolean;
  out: string;
}

const USAGE = `usage: npm run bench -- [options]   (each option also as an environment variable)
  --quick                 smoke run: relations 200, engine-relations 20, set-friends 20,          BENCH_QUICK=1
                          engine-parallel 64 (unless given); about 3 minutes
  --scenarios S[,S…]      which scenarios to run, default 1,2,3,4,5                                BENCH_SCENARIOS
  --latency MS            emulator latency per call (fault latencyMs), default 20                  BENCH_LATENCY_MS
  --relations N           relations in host scenarios 1-3, default 10000                           BENCH_RELATIONS
  --accounts A            owners the relations are spread over, default 10                         BENCH_ACCOUNTS
  --concurrency C[,C…]    Create calls kept in flight in scenario 1, default 8,64                  BENCH_CONCURRENCY
  --engine-relations M    FriendRelations of the engine scenario 4, default 1000                   BENCH_ENGINE_RELATIONS
  --engine-parallel P[,P…] engine parallelism: default (no flag) or --parallel P, default default,64 BENCH_ENGINE_PARALLEL
  --engine-kinds K[,K…]   providers of scenario 4, default noop,naive,naive-retrying,ours          BENCH_ENGINE_KINDS
  --engine-latency MS     emulator latency in scenarios 4-5, default the --latency value           BENCH_ENGINE_LATENCY_MS
  --set-friends F         friends of each of the A FriendSets in scenario 5, default 1000          BENCH_SET_FRIENDS
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
  const parallel = (): Parallel[] => {
    const raw = pick("engine-parallel", "BENCH_ENGINE_PARALLEL");
    if (raw === undefined) return quick ? [64] : ["default", 64];
    return raw.split(",").map((s) => {
      const v = s.trim();
      if (v === "default") return "default";
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`--engine-parallel: expected "default" or integers ≥ 1, comma-separated, got "${raw}"`);
      return n;
    });
  };
  const kinds = (): ProviderKind[] => {
    const raw = pick("engine-kinds", "BENCH_ENGINE_KINDS");
    if (raw === undefined) return [...ENGINE_KINDS];
    const values = raw.split(",").map((s) => s.trim());
    for (const v of values) {
      if (!ENGINE_KINDS.includes(v as ProviderKind))
        throw new Error(`--engine-kinds: expected names from ${ENGINE_KINDS.join(",")}, got "${raw}"`);
    }
    return values as ProviderKind[];
  };
  const known = new Set([
    "quick",
    "latency",
    "relations",
    "accounts",
    "concurrency",
    "engine-relations",
    "engine-parallel",
    "engine-kinds",
    "engine-latency",
    "set-friends",
    "scenarios",
    "out",
  ]);
  for (const key of flags.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
  const latencyMs = int("latency", "BENCH_LATENCY_MS", 20, 0);
  return {
    quick,
    latencyMs,
    relations: int("relations", "BENCH_RELATIONS", quick ? 200 : 10000, 1),
    accounts: int("accounts", "BENCH_ACCOUNTS", 10, 1),
    concurrency: list("concurrency", "BENCH_CONCURRENCY", [8, 64]),
    engineRelations: int("engine-relations", "BENCH_ENGINE_RELATIONS", quick ? 20 : 1000, 1),
    engineParallel: parallel(),
    engineKinds: kinds(),
    engineLatencyMs: int("engine-latency", "BENCH_ENGINE_LATENCY_MS", latencyMs, 0),
    setFriends: int("set-friends", "BENCH_SET_FRIENDS", quick ? 20 : 1000, 1),
    scenarios: list("scenarios", "BENCH_SCENARIOS", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]),
    out: path.resolve(pick("out", "BENCH_OUT") ?? path.join(repoRoot, "bench", "results", "latest.json")),
  };
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
  private readonly providerTexts = new Map<HostKind, string>();
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

  private async providerText(kind: HostKind): Promise<string> {
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
  private async startHost(kind: HostKind): Promise<{ host: ProviderHost; pid: number }> {
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
    kind: HostKind,
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
  async create(kind: HostKind, concurrency: number, keep: boolean): Promise<void> {
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
  async refresh(kind: HostKind, concurrency: number): Promise<void> {
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

  /** What the engine scenarios need of this run, or why they cannot run. */
  engineContext(): EngineContext | string {
    const pulumi = findPulumi();
    if (!pulumi.available) return pulumi.reason;
    return {
      control: this.control,
      binDir: pulumi.binDir,
      credentialEnv: this.credentialEnv(),
      accounts: this.options.accounts,
      latencyMs: this.options.engineLatencyMs,
      log,
    };
  }
}

/** The `pulumi` CLI's version, as the engine scenarios run it. */
function pulumiVersion(): string | undefined {
  const found = findPulumi({ quiet: true });
  if (!found.available) return undefined;
  try {
    return execFileSync(path.join(found.binDir, "pulumi"), ["version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

/** The commit measured, and the files under provider/, emulator/ and bench/ that differed from it (work in progress). */
function codeVersion(): { commit: string; uncommitted: string[] } {
  const git = (args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
  try {
    const uncommitted = git(["status", "--porcelain", "--", "provider", "emulator", "bench"])
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
  const perOwner =
    Math.max(options.relations, options.engineRelations, options.setFriends * options.accounts) / options.accounts;
  const emulator = await startEmulator({
    port: 0,
    faults: { latencyMs: options.latencyMs },
    callLogLimit: 1_000_000,
    limits: { friendsPerUser: Math.max(3000, Math.ceil(perOwner) + 10) },
  });
  const bench = new Bench(emulator, options, relations);
  const startedAt = new Date().toISOString();
  const started = process.hrtime.bigint();
  // Taken now: commits made while a long run goes on are not what it measured.
  const code = codeVersion();
  // The machine is shared: its load before and after says how far to trust the wall times.
  const loadBefore = loadavg();
  log(`load averages before: ${loadBefore.map((l) => l.toFixed(2)).join(", ")}`);
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
    if (options.scenarios.includes(4) || options.scenarios.includes(5)) {
      const ctx = bench.engineContext();
      if (typeof ctx === "string") log(`4, 5. engine scenarios skipped: ${ctx}`);
      else {
        for (const parallel of options.engineParallel) {
          if (options.scenarios.includes(4))
            bench.rows.push(
              ...(await runEngineScenario(ctx, options.engineKinds, parallel, options.engineRelations, RELATION_STEPS)),
            );
          if (options.scenarios.includes(5))
            bench.rows.push(
              ...(await runEngineScenario(
                ctx,
                ["friend-set"],
                parallel,
                options.setFriends * options.accounts,
                SET_STEPS,
              )),
            );
        }
      }
    }
  } finally {
    await emulator.close();
  }
  const loadAfter = loadavg();
  log(`load averages after: ${loadAfter.map((l) => l.toFixed(2)).join(", ")}`);
  addRatios(bench.rows);
  const table = formatTable(bench.rows);
  console.log(table);
  mkdirSync(path.dirname(options.out), { recursive: true });
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    platform: process.platform,
    pulumi: pulumiVersion(),
    loadAverages: { before: loadBefore, after: loadAfter },
  };
  writeFileSync(
    options.out,
    JSON.stringify({ startedAt, totalSeconds: seconds(started), machine, code, options, rows: bench.rows }, null, 2) +
      "\n",
  );
  log(`results written to ${path.relative(process.cwd(), options.out)} (${fmt(seconds(started))} s in all)`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
