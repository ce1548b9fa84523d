import { type ChildProcess, spawn } from "node:child_process";

export interface Exited {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  done: Promise<Exited>;
}

/**
 * Starts a command without blocking this process (a blocked event loop lets a server close this process's idle
 * connections under it); `done` resolves with how it exited and what it printed. `detached` gives it a process
 * group of its own, which a test can kill as a whole, as a CI runner does with a cancelled job.
 */
export function start(
  file: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; detached?: boolean },
): Started {
  const child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk));
  const done = new Promise<Exited>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return { child, done };
}

/** Runs a command to its end (see `start`). */
export function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Exited> {
  return start(file, args, options).done;
}

/** `run`, for a command that must succeed: resolves with its stdout, rejects with everything it printed. */
export async function exec(
  file: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  const exited = await run(file, args, options);
  if (exited.code !== 0)
    throw new Error(`${file} ${args.join(" ")} exited ${exited.code}\n${exited.stdout}\n${exited.stderr}`);
  return exited.stdout;
}
