/**
 * CPU time and peak memory of another process (the dynamic-provider host), read from Linux's /proc:
 * utime + stime of /proc/<pid>/stat, VmHWM of /proc/<pid>/status.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export interface ProcSample {
  pid: number;
  /** User + system CPU seconds since the process started. */
  cpuSeconds: number;
  /** Peak resident set size so far, MiB. */
  peakRssMiB: number;
}

/** Fields of /proc/<pid>/stat after the `(comm)` field, which may itself hold spaces. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** utime(14) + stime(15) of a process's stat fields (index = field number − 3), in seconds. */
function ownCpuSeconds(fields: string[]): number {
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

export function sample(pid: number): ProcSample | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  const cpuSeconds = ownCpuSeconds(fields);
  let peakRssMiB: number;
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    peakRssMiB = match ? Number(match[1]) / 1024 : 0;
  } catch {
    return undefined;
  }
  return { pid, cpuSeconds, peakRssMiB };
}

function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : undefined;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** Processes below `rootPid` (any depth) whose command line contains `needle`. */
export function descendantsMatching(rootPid: number, needle: string): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) parents.set(Number(entry), parent);
  }
  const isBelow = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === rootPid) return true;
    return false;
  };
  return [...parents.keys()].filter((pid) => isBelow(pid) && cmdline(pid).includes(needle));
}

/** The SDK's dynamic-provider host among the descendants of `rootPid`. */
export function findProviderHosts(rootPid: number): number[] {
  return descendantsMatching(rootPid, "dynamic-provider");
}

/**
 * User + system CPU seconds of this process's children that have exited and been waited for (cutime + cstime of
 * /proc/self/stat). A child's figure includes its own waited-for descendants, so the difference around one `pulumi`
 * command is the CPU of the whole command tree: CLI, language host, program, dynamic-provider host (a process that
 * outlives its parent is missed).
 */
export function reapedChildrenCpuSeconds(): number {
  const fields = statFields(process.pid);
  if (!fields) return 0;
  // cutime(16) and cstime(17), index = field number − 3.
  return (Number(fields[13]) + Number(fields[14])) / clockTicks();
}

/** Who a process is in a `pulumi` command tree. */
export type ProcessRole = "cli" | "program" | "host";

/**
 * The `pulumi` CLI itself (the engine), the dynamic-provider host (pulumi-resource-pulumi-nodejs and its node), or the
 * program's side (the Node.js language host and the node process running the program).
 */
export function roleOf(commandLine: string): ProcessRole {
  if (commandLine.includes("dynamic-provider") || commandLine.includes("pulumi-resource-pulumi-nodejs")) return "host";
  const argv0 = commandLine.split(" ", 1)[0];
  if (argv0 === "pulumi" || argv0.endsWith("/pulumi")) return "cli";
  return "program";
}

/**
 * Samples every process below `rootPid` every `intervalMs` until stopped and sums each role's own CPU (utime +
 * stime, children not included) over the processes seen, and the dynamic-provider host's peak memory. A process that
 * exits loses up to one interval of CPU time.
 */
export class RoleSampler {
  private readonly last = new Map<number, { role: ProcessRole; cpuSeconds: number; peakRssMiB: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly rootPid: number,
    intervalMs = 200,
  ) {
    this.timer = setInterval(() => this.tick(), intervalMs);
  }

  private tick(): void {
    for (const pid of descendantsMatching(this.rootPid, "")) {
      const fields = statFields(pid);
      if (!fields) continue;
      const cpuSeconds = ownCpuSeconds(fields);
      const known = this.last.get(pid);
      const role = known?.role ?? roleOf(cmdline(pid));
      // An exited process not yet waited for still shows its CPU but no memory figures: keep the highest seen.
      const peakRssMiB = Math.max(known?.peakRssMiB ?? 0, role === "host" ? (sample(pid)?.peakRssMiB ?? 0) : 0);
      this.last.set(pid, { role, cpuSeconds, peakRssMiB });
    }
  }

  /** Stops sampling; CPU seconds by role, the largest peak memory of a dynamic-provider host. */
  stop(): { cpu: Record<ProcessRole, number>; hostPeakRssMiB: number } {
    this.tick();
    clearInterval(this.timer);
    const cpu: Record<ProcessRole, number> = { cli: 0, program: 0, host: 0 };
    let hostPeakRssMiB = 0;
    for (const s of this.last.values()) {
      cpu[s.role] += s.cpuSeconds;
      hostPeakRssMiB = Math.max(hostPeakRssMiB, s.peakRssMiB);
    }
    return { cpu, hostPeakRssMiB };
  }
}
