import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ensurePackageInstalled } from "../../scripts/package-build";
import {
  type RunningPulumi,
  startPulumi,
  findPulumi,
  offlinePulumiEnv,
  repoRoot,
  runPulumi,
  type PulumiAvailability,
  type RunResult,
} from "../../scripts/pulumi-cli";

/** The real Pulumi CLI driving test/e2e/program against an emulator, with a stack and backend of its own. */

let availability: PulumiAvailability | undefined;

/**
 * Finds or builds the CLI once per test worker. Called while the e2e test files load (outside any test timeout),
 * so a cold build of several minutes happens only when end-to-end tests are selected; its progress goes to stderr.
 */
export function pulumiAvailability(): PulumiAvailability {
  availability ??= findPulumi();
  return availability;
}

export const e2eProgramDir = path.join(repoRoot, "test", "e2e", "program");

/** One relation a test declares; test/e2e/program turns each into a FriendRelation. */
export interface Declared {
  name: string;
  fromAccount: string;
  toAccount: string;
  remark?: string;
  groups?: string[];
  customFields?: Record<string, string>;
  /** Take the remark from this other relation's `addTime` output: unknown during a first preview. */
  remarkFromAddTimeOf?: string;
  /** The `import` resource option. */
  importId?: string;
}

/** One FriendSet a test declares. */
export interface DeclaredSet {
  name: string;
  fromAccount: string;
  friends: Record<string, { remark?: string; groups?: string[]; customFields?: Record<string, string> }>;
}

export interface StackCredentials {
  endpoint: string;
  sdkAppId: number;
  adminIdentifier: string;
  secretKey: string;
}

export class E2EStack {
  private readonly workDir = mkdtempSync(path.join(tmpdir(), "ptc-e2e-"));
  private readonly declarationFile = path.join(this.workDir, "declaration.json");
  readonly stackName: string;
  private env: NodeJS.ProcessEnv;

  /** `via` chooses where the provider finds its credentials: stack config (key as a secret) or the environment. */
  constructor(
    private readonly credentials: StackCredentials,
    readonly via: "config" | "env" = "env",
  ) {
    const pulumi = pulumiAvailability();
    if (!pulumi.available) throw new Error(pulumi.reason);
    this.stackName = `e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const base = { ...process.env };
    for (const key of Object.keys(base)) if (key.startsWith("TENCENT_CHAT_")) delete base[key];
    this.env = {
      ...offlinePulumiEnv(
        {
          binDir: pulumi.binDir,
          homeDir: path.join(this.workDir, "home"),
          backendDir: path.join(this.workDir, "backend"),
          passphrase: "e2e-passphrase",
        },
        base,
      ),
      PTC_E2E_DECLARATION: this.declarationFile,
      ...(via === "env"
        ? {
            TENCENT_CHAT_ENDPOINT: credentials.endpoint,
            TENCENT_CHAT_SDKAPPID: String(credentials.sdkAppId),
            TENCENT_CHAT_ADMIN: credentials.adminIdentifier,
            TENCENT_CHAT_SECRET_KEY: credentials.secretKey,
          }
        : {}),
    };
  }

  async init(): Promise<void> {
    ensurePackageInstalled();
    mkdirSync(path.join(this.workDir, "backend"), { recursive: true });
    await this.mustRun(["stack", "init"]);
    if (this.via === "config") {
      const c = this.credentials;
      await this.mustRun(["config", "set", "tencent-chat:endpoint", c.endpoint]);
      await this.mustRun(["config", "set", "tencent-chat:sdkAppId", String(c.sdkAppId)]);
      await this.mustRun(["config", "set", "tencent-chat:adminIdentifier", c.adminIdentifier]);
      await this.mustRun(["config", "set", "--secret", "tencent-chat:secretKey", c.secretKey]);
    }
  }

  /** Sets (or, with undefined, removes) variables of the environment every later `pulumi` command runs in. */
  setEnvironment(vars: Record<string, string | undefined>): void {
    const env = { ...this.env, ...vars };
    for (const [key, value] of Object.entries(vars)) if (value === undefined) delete env[key];
    this.env = env;
  }

  declare(relations: Declared[], sets: DeclaredSet[] = []): void {
    writeFileSync(this.declarationFile, JSON.stringify({ relations, sets }));
  }

  /** Starts `pulumi <args>` for this stack in the background. */
  start(args: string[]): RunningPulumi {
    return startPulumi([...args, "--stack", this.stackName], { cwd: e2eProgramDir, env: this.env });
  }

  /** Pids of the running dynamic-provider hosts that `pulumi` process `ancestor` started (Linux /proc). */
  providerHostPids(ancestor: number): number[] {
    const parentOf = (pid: number): number | undefined => {
      try {
        // The fields after the parenthesised command: state, then ppid.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      } catch {
        return undefined;
      }
    };
    const descends = (pid: number): boolean => {
      for (let p: number | undefined = pid, depth = 0; p && p > 1 && depth < 10; p = parentOf(p), depth++) {
        if (p === ancestor) return true;
      }
      return false;
    };
    return readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider") && descends(pid);
        } catch {
          return false;
        }
      });
  }

  /** Whether a process is still running. */
  static isRunning(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  run(args: string[]): Promise<RunResult> {
    return runPulumi([...args, "--stack", this.stackName], { cwd: e2eProgramDir, env: this.env });
  }

  async mustRun(args: string[]): Promise<RunResult> {
    const result = await this.run(args);
    if (result.code !== 0) {
      throw new Error(
        `pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`,
      );
    }
    return result;
  }

  up(): Promise<RunResult> {
    return this.mustRun(["up", "--yes", "--skip-preview"]);
  }

  /** The stack's state as `pulumi stack export` prints it. */
  async exportState(): Promise<string> {
    return (await this.mustRun(["stack", "export", "--show-secrets=false"])).stdout;
  }

  /** Destroys what is left, removes the stack and its settings file, and deletes the work directory. */
  async dispose(): Promise<void> {
    try {
      await this.run(["destroy", "--yes", "--skip-preview"]);
      await this.run(["stack", "rm", "--yes", "--force"]);
    } finally {
      rmSync(path.join(e2eProgramDir, `Pulumi.${this.stackName}.yaml`), { force: true });
      rmSync(this.workDir, { recursive: true, force: true });
    }
  }
}
