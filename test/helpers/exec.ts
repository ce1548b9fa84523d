import { spawn } from "node:child_process";

export interface Exited {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command without blocking this process (a blocked event loop lets a server close this process's idle
 * connections under it) and resolves with how it exited and what it printed.
 */
export function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Exited> {
  const child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
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
