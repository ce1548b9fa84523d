import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ensurePackageInstalled } from "../../scripts/package-build";
import { offlinePulumiEnv, repoRoot, type RunResult, startPulumi } from "../../scripts/pulumi-cli";
import type { StackCredentials } from "../helpers/pulumi-stack";
import type { SoakDeclaration } from "./declaration";

export const soakProgramDir = path.join(repoRoot, "test", "soak", "program");

/** A running `pulumi` command: its process id (to find the provider host it starts) and its result. */
export interface RunningPulumi {
  pid: number;
  result: Promise<RunResult & { ms: number }>;
}

/** The real Pulumi CLI driving test/soak/program against an emulator, with a local backend of its own. */
export class SoakStack {
  private readonly workDir = mkdtempSync(path.join(tmpdir(), "ptc-soak-"));
  private readonly declarationFile = path.join(this.workDir, "declaration.json");
  readonly stackName = `soak-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly env: NodeJS.ProcessEnv;

  constructor(binDir: string, credentials: StackCredentials) {
    const base = { ...process.env };
    for (const key of Object.keys(base)) if (key.startsWith("TENCENT_CHAT_")) delete base[key];
    this.env = {
      ...offlinePulumiEnv(
        {
          binDir,
          homeDir: path.join(this.workDir, "home"),
          backendDir: path.join(this.workDir, "backend"),
          passphrase: "soak",
        },
        base,
      ),
      PTC_SOAK_DECLARATION: this.declarationFile,
      TENCENT_CHAT_ENDPOINT: credentials.endpoint,
      TENCENT_CHAT_SDKAPPID: String(credentials.sdkAppId),
      TENCENT_CHAT_ADMIN: credentials.adminIdentifier,
      TENCENT_CHAT_SECRET_KEY: credentials.secretKey,
    };
    mkdirSync(path.join(this.workDir, "backend"), { recursive: true });
  }

  declare(declaration: SoakDeclaration): void {
    writeFileSync(this.declarationFile, JSON.stringify(declaration));
  }

  start(args: string[]): RunningPulumi {
    const started = Date.now();
    const { child, done } = startPulumi([...args, "--stack", this.stackName], { cwd: soakProgramDir, env: this.env });
    return { pid: child.pid ?? -1, result: done.then((result) => ({ ...result, ms: Date.now() - started })) };
  }

  run(args: string[]): Promise<RunResult & { ms: number }> {
    return this.start(args).result;
  }

  async mustRun(args: string[]): Promise<RunResult & { ms: number }> {
    const result = await this.run(args);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${tail(result)}`);
    return result;
  }

  async init(): Promise<void> {
    ensurePackageInstalled();
    await this.mustRun(["stack", "init"]);
  }

  startUp(flags: string[] = []): RunningPulumi {
    return this.start(["up", "--yes", "--skip-preview", ...flags]);
  }

  /** The resources recorded in the stack, as `pulumi stack export` prints them. */
  async exportedResources(): Promise<Array<{ urn: string; type: string; outputs?: Record<string, unknown> }>> {
    const exported = JSON.parse((await this.mustRun(["stack", "export"])).stdout) as {
      deployment: {
        resources?: Array<{ urn: string; type: string; outputs?: Record<string, unknown> }>;
        pending_operations?: unknown[];
      };
    };
    return exported.deployment.resources ?? [];
  }

  async pendingOperations(): Promise<number> {
    const exported = JSON.parse((await this.mustRun(["stack", "export"])).stdout) as {
      deployment: { pending_operations?: unknown[] };
    };
    return exported.deployment.pending_operations?.length ?? 0;
  }

  async dispose(): Promise<void> {
    try {
      await this.run(["stack", "rm", "--yes", "--force"]);
    } finally {
      rmSync(path.join(soakProgramDir, `Pulumi.${this.stackName}.yaml`), { force: true });
      rmSync(this.workDir, { recursive: true, force: true });
    }
  }
}

/** The last lines of a run's output, with the `error:` lines first: what a failed run said. */
export function tail(result: RunResult): string {
  const errors = `${result.stdout}\n${result.stderr}`
    .split("\n")
    .filter((l) => /error/i.test(l))
    .slice(0, 20);
  return [...errors, "--- stdout tail", result.stdout.slice(-3000), "--- stderr tail", result.stderr.slice(-2000)].join(
    "\n",
  );
}

/** Every descendant of `pid`, read from /proc (Linux). */
export function descendants(pid: number): Array<{ pid: number; cmdline: string }> {
  const parentOf = new Map<number, number>();
  const cmdlines = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in /proc/PID/stat is in parentheses and may hold spaces: the ppid follows the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(entry), ppid);
      cmdlines.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim());
    } catch {
      // The process ended while we looked.
    }
  }
  const out: Array<{ pid: number; cmdline: string }> = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        out.push({ pid: child, cmdline: cmdlines.get(child) ?? "" });
        visit(child);
      }
    }
  };
  visit(pid);
  return out;
}

/**
 * Kills (SIGKILL) the dynamic-provider host that the `pulumi` process `pid` started: the
 * `pulumi-resource-pulumi-nodejs` script and the node process running `@pulumi/pulumi/cmd/dynamic-provider`. Returns
 * the pids killed.
 */
export function killProviderHost(pid: number): number[] {
  const targets = descendants(pid).filter(
    (p) => p.cmdline.includes("pulumi-resource-pulumi-nodejs") || p.cmdline.includes("cmd/dynamic-provider"),
  );
  for (const t of targets) {
    try {
      process.kill(t.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return targets.map((t) => t.pid);
}
