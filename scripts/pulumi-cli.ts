import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileBackendUrl } from "../cli/pulumi-command";
import { type RunResult, runProcess, type StartedProcess, startProcess } from "./child-process";

/** Finding the Pulumi CLI and running it offline, for `npm start`, the end-to-end tests and the benchmarks. */

export const repoRoot = path.resolve(__dirname, "..");

export type PulumiAvailability = { available: true; binDir: string } | { available: false; reason: string };

/**
 * A `pulumi` on PATH is used as it is; otherwise scripts/ensure-pulumi.sh builds the CLI and the Node.js language
 * host from their Go modules into a cache outside the clone (minutes cold, instant warm). Its progress goes to stderr.
 */
export function findPulumi(options: { quiet?: boolean } = {}): PulumiAvailability {
  const result = spawnSync("bash", [path.join(repoRoot, "scripts", "ensure-pulumi.sh")], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", options.quiet ? "pipe" : "inherit"],
  });
  const binDir = result.stdout?.trim().split("\n").pop() ?? "";
  if (result.status === 0 && binDir) return { available: true, binDir };
  const why = (result.stderr ?? "").trim().split("\n").slice(-3).join(" | ");
  return {
    available: false,
    reason: `no pulumi on PATH and the Go build failed (exit ${result.status}${why ? `: ${why}` : ""})`,
  };
}

export interface OfflineEnvOptions {
  binDir: string;
  /** PULUMI_HOME: plugins, workspace settings. */
  homeDir: string;
  /** Directory of the local file backend holding the stacks' state. */
  backendDir: string;
  /** Passphrase of the local stacks' secrets provider. */
  passphrase: string;
}

/** The environment for a Pulumi run that needs no network: local backend, no update checks, no plugin downloads. */
export function offlinePulumiEnv(options: OfflineEnvOptions, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    // Node 22 from node_modules/.bin first: the language host and the dynamic-provider plugin run `node`.
    PATH: [options.binDir, path.join(repoRoot, "node_modules", ".bin"), base.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: options.homeDir,
    PULUMI_BACKEND_URL: fileBackendUrl(options.backendDir),
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    // `npm test` type-checks the whole tree once with tsc; the engine's ts-node only needs to transpile.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
}

export type { RunResult };

/** A `pulumi` process started in the background, and its outcome once it exits. */
export type RunningPulumi = StartedProcess;

/** Starts `pulumi <args>` without waiting for it. */
export function startPulumi(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): RunningPulumi {
  return startProcess("pulumi", [...args, "--non-interactive"], options);
}

/** Runs `pulumi <args>`; with `echo`, its output is also streamed to this process's stdout and stderr. */
export function runPulumi(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; echo?: boolean },
): Promise<RunResult> {
  return runProcess("pulumi", [...args, "--non-interactive"], options);
}
