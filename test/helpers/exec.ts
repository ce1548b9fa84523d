import { runProcess } from "../../scripts/child-process";

/** Runs a command that must succeed: resolves with its stdout, rejects with everything it printed. */
export async function exec(
  file: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  const exited = await runProcess(file, args, options);
  if (exited.code !== 0)
    throw new Error(`${file} ${args.join(" ")} exited ${exited.code}\n${exited.stdout}\n${exited.stderr}`);
  return exited.stdout;
}
