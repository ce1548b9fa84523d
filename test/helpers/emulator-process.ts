import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { EMULATOR_DEFAULTS } from "../../emulator";
import { ensurePackageInstalled, repoRoot } from "../../scripts/package-build";

/** The installed package's command, as a team's CI runs it after `npm install pulumi-tencent-chat`. */
export const installedCli = path.join(repoRoot, "node_modules", "pulumi-tencent-chat", "dist", "cli", "main.js");

/**
 * How the process is started: `source` as `npm run emulator -- ARGS` runs it in this repository, `installed` as
 * `tencent-chat emulator ARGS` from the installed package.
 */
export type EmulatorCommand = "source" | "installed";

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** The emulator as a process of its own: what a test can signal, SIGKILL, and start again on its state file. */
export class EmulatorProcess {
  child!: ChildProcess;
  stdout = "";
  stderr = "";
  exited!: Promise<Exit>;
  private port = 0;

  constructor(
    private readonly args: string[],
    private readonly env: Record<string, string> = {},
    private readonly command: EmulatorCommand = "source",
  ) {
    this.spawn(args);
  }

  /** `tencent-chat emulator --port 0 ARGS` from the installed package, once it listens. */
  static async start(args: string[] = [], env: Record<string, string> = {}): Promise<EmulatorProcess> {
    ensurePackageInstalled();
    const emulator = new EmulatorProcess(["--port", "0", ...args], env, "installed");
    await emulator.ready();
    return emulator;
  }

  private spawn(args: string[]): void {
    const [file, prefix] =
      this.command === "installed"
        ? [process.execPath, [installedCli, "emulator"]]
        : [path.join(repoRoot, "node_modules/.bin/ts-node"), ["--transpile-only", "emulator/main.ts"]];
    this.stdout = "";
    this.stderr = "";
    const child = spawn(file, [...prefix, ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
        ...this.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => (this.stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    this.child = child;
  }

  /** Resolves with the URL of the `listening on` line. */
  async ready(): Promise<string> {
    for (;;) {
      const match = /^listening on (http:\/\/\S+)\n/.exec(this.stdout);
      if (match) {
        this.port = Number(new URL(match[1]).port);
        return match[1];
      }
      if (this.child.exitCode !== null) throw new Error(`emulator exited early: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Settings for a client of this emulator: its default app, admin and (local, non-secret) key. */
  clientSettings(): { endpoint: string; sdkAppId: number; adminIdentifier: string; secretKey: string } {
    return {
      endpoint: this.url,
      sdkAppId: EMULATOR_DEFAULTS.sdkAppId,
      adminIdentifier: EMULATOR_DEFAULTS.adminIdentifier,
      secretKey: EMULATOR_DEFAULTS.secretKey,
    };
  }

  /** Peak resident memory of the process so far, in bytes (Linux /proc; current RSS from `ps` elsewhere). */
  peakRssBytes(): number {
    const status = `/proc/${this.child.pid}/status`;
    if (existsSync(status)) {
      const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(status, "utf8"));
      if (match) return Number(match[1]) * 1024;
    }
    return Number(execFileSync("ps", ["-o", "rss=", "-p", String(this.child.pid)], { encoding: "utf8" }).trim()) * 1024;
  }

  /** SIGKILL: nothing gets to flush or say goodbye. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    await this.exited;
  }

  /** Starts it again on the same port, with the same arguments otherwise, once it listens. */
  async restart(): Promise<void> {
    const args = [...this.args];
    const at = args.indexOf("--port");
    if (at >= 0) args.splice(at, 2);
    this.spawn(["--port", String(this.port), ...args]);
    await this.ready();
  }

  /** Kills the process if it still runs (test clean-up). */
  async stop(): Promise<void> {
    await this.kill();
  }
}
