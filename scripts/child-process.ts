import { type ChildProcess, spawn } from "node:child_process";

/** How a command ended and what it printed; a command ended by a signal has code -1. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command started in the background, and its outcome once it exits. */
export interface StartedProcess {
  child: ChildProcess;
  done: Promise<RunResult>;
}

export interface StartOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Also stream its output to this process's stdout and stderr. */
  echo?: boolean;
  /** A process group of its own, which can be killed as a whole (as a CI runner does with a cancelled job). */
  detached?: boolean;
}

/**
 * Starts a command without blocking this process (a blocked event loop lets a server close this process's idle
 * connections under it) and collects what it prints.
 */
export function startProcess(file: string, args: string[], options: StartOptions): StartedProcess {
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    detached: options.detached,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk;
    if (options.echo) process.stdout.write(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk;
    if (options.echo) process.stderr.write(chunk);
  });
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return { child, done };
}

/** Runs a command to its end (see `startProcess`). */
export function runProcess(file: string, args: string[], options: StartOptions): Promise<RunResult> {
  return startProcess(file, args, options).done;
}
