/** The benchmark's rows, their ratios to the baselines and the floor, and the markdown table that prints them. */
import type { CallStats } from "./call-stats";

/**
 * Our FriendRelation provider, the naive baselines (failing on 60007, or retrying it), the engine's floor (a provider
 * that does nothing) and our FriendSet provider.
 */
export type ProviderKind = "ours" | "naive" | "naive-retrying" | "noop" | "friend-set";

/** The engine's parallelism: the CLI's default (no flag), or `--parallel N`. */
export type Parallel = "default" | number;

/** CPU seconds of one engine command, by process (bench/proc-metrics.ts). */
export interface EngineCpu {
  /** The `pulumi` process itself: the engine, its state writes, the local backend. */
  cli: number;
  /** The Node.js language host and the node process running the program. */
  program: number;
  /** The dynamic-provider host(s). */
  host: number;
  /** This process, which runs the emulator (and the samplers). */
  emulator: number;
  /** Everything the command tree used, measured once it was waited for (cutime + cstime): no sampling gaps. */
  tree: number;
}

/** One measured line: a scenario (or a step of one) run with one provider. */
export interface Row {
  scenario: string;
  provider: ProviderKind;
  resources: number;
  /** Calls kept in flight (host scenarios) or the engine's parallelism. */
  concurrency: number | Parallel;
  stats?: CallStats;
  /**
   * Host scenarios: resources whose operation failed (or, on refresh, that came back gone). Engine scenarios: declared
   * relations (friends, for FriendSets) that the emulator or the stack's state does not hold as the step declared.
   */
  failed: number;
  /** Engine scenarios: resources the engine reported an error for. */
  engineErrors?: number;
  wallSeconds: number;
  /** CPU seconds of the dynamic-provider host process(es) during the scenario. */
  cpuSeconds: number;
  /** Engine scenarios: CPU seconds by process. */
  cpu?: EngineCpu;
  /** VmHWM of the host process, MiB. */
  peakRssMiB: number;
  minimumCalls: number;
  /** Engine scenarios: size of `pulumi stack export` after the step, bytes. */
  stateBytes?: number;
  /** stateBytes ÷ resources declared, where the step leaves them in the stack. */
  stateBytesPerResource?: number;
  /** The row to compare with, when not the same scenario and concurrency (host FriendSets: naive create). */
  compareWith?: { scenario: string; concurrency: number };
  /** The provider this row is compared with: naive on the host, naive-retrying in the engine. */
  baseline?: ProviderKind;
  /** This row ÷ the baseline's row. */
  vsBaseline?: { calls: number; wall: number; cpu: number };
  /** Engine scenarios: this row ÷ the noop row of the same step and parallelism. */
  vsNoop?: { wall: number; stateBytes?: number };
  /** Calls ÷ the minimum call count. */
  vsMinimum?: number;
  note?: string;
}

function isEngine(row: Row): boolean {
  return row.scenario.includes("(engine)");
}

/**
 * Fills in the ratios: calls to the minimum; our rows to the naive row (host) or the naive-retrying row (engine) of
 * the same scenario, size and concurrency; engine rows to the noop floor.
 */
export function addRatios(rows: Row[]): void {
  const find = (provider: ProviderKind, scenario: string, concurrency: Row["concurrency"], resources: number) =>
    rows.find(
      (r) =>
        r.provider === provider &&
        r.scenario === scenario &&
        r.concurrency === concurrency &&
        r.resources === resources,
    );
  for (const row of rows) {
    if (row.stats && row.minimumCalls > 0) row.vsMinimum = row.stats.calls / row.minimumCalls;
    if (isEngine(row)) {
      const noop = find("noop", row.scenario, row.concurrency, row.resources);
      if (noop && row.provider !== "noop") {
        row.vsNoop = { wall: row.wallSeconds / noop.wallSeconds };
        if (row.stateBytesPerResource !== undefined && noop.stateBytesPerResource)
          row.vsNoop.stateBytes = row.stateBytesPerResource / noop.stateBytesPerResource;
      }
    }
    if (row.provider !== "ours" && row.provider !== "friend-set") continue;
    if (!row.stats) continue;
    const baseline: ProviderKind = isEngine(row) ? "naive-retrying" : "naive";
    const other = find(
      baseline,
      row.compareWith?.scenario ?? row.scenario,
      row.compareWith?.concurrency ?? row.concurrency,
      row.resources,
    );
    if (other?.stats) {
      row.baseline = baseline;
      row.vsBaseline = {
        calls: row.stats.calls / other.stats.calls,
        wall: row.wallSeconds / other.wallSeconds,
        cpu: row.cpuSeconds / other.cpuSeconds,
      };
    }
  }
}

export function fmt(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return "–";
  return n.toFixed(digits);
}

/** One markdown table of every row, with the rows' notes below it. */
export function formatTable(rows: Row[]): string {
  const header = [
    "scenario",
    "provider",
    "res",
    "conc / par",
    "calls",
    "req/res",
    "30008",
    "60007",
    "retries",
    "failed",
    "errors",
    "wall s",
    "cpu s host",
    "cpu s cli/prog/emu",
    "peak MiB",
    "state B/res",
    "min calls",
    "calls ÷ min",
    "wall ÷ noop",
    "state ÷ noop",
    "baseline",
    "calls ÷ base",
    "wall ÷ base",
  ];
  const lines = rows.map((r) => [
    r.scenario,
    r.provider,
    String(r.resources),
    String(r.concurrency),
    r.stats ? String(r.stats.calls) : "–",
    r.stats ? fmt(r.stats.calls / r.resources, 2) : "–",
    r.stats ? String(r.stats.conflicts) : "–",
    r.stats ? String(r.stats.throttled) : "–",
    r.stats ? String(r.stats.retries) : "–",
    r.stats || isEngine(r) ? String(r.failed) : "–",
    r.engineErrors === undefined ? "–" : String(r.engineErrors),
    fmt(r.wallSeconds),
    fmt(r.cpuSeconds),
    r.cpu ? `${fmt(r.cpu.cli)}/${fmt(r.cpu.program)}/${fmt(r.cpu.emulator)}` : "–",
    fmt(r.peakRssMiB, 0),
    fmt(r.stateBytesPerResource, 0),
    String(r.minimumCalls),
    fmt(r.vsMinimum),
    fmt(r.vsNoop?.wall, 2),
    fmt(r.vsNoop?.stateBytes, 2),
    r.baseline ?? "–",
    fmt(r.vsBaseline?.calls, 3),
    fmt(r.vsBaseline?.wall, 2),
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
