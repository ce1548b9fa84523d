import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

/** The emulator as a separate process, started the way users start it (`npm run emulator -- ...`). */
export class EmulatorProcess {
  readonly child: ChildProcess;
  stdout = "";
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], env: Record<string, string> = {}) {
    this.child = spawn(join(ROOT, "node_modules/.bin/ts-node"), ["--transpile-only", "emulator/main.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr?.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolveExit) => this.child.on("exit", (code, signal) => resolveExit({ code, signal })));
  }

  /** Resolves with the URL from the `listening on` line. */
  async ready(): Promise<string> {
    for (;;) {
      const match = /^listening on (http:\/\/\S+)\n/.exec(this.stdout);
      if (match) return match[1];
      if (this.child.exitCode !== null) throw new Error(`emulator exited early: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
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

  /** Kills the process if it still runs (test clean-up). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    await this.exited;
  }
}
