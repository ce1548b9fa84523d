import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import type { Environment } from "../provider/config/env";

/**
 * The Pulumi CLI `apply` runs: a `pulumi` on PATH, as everywhere in this project; else the one this repository's
 * scripts/ensure-pulumi.sh builds into its cache (PULUMI_TENCENT_CHAT_CACHE, default ~/.cache/pulumi-tencent-chat).
 * Returns the directory holding `pulumi`.
 */
export function findPulumiBin(env: Environment): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, "pulumi"))) return dir;
  }
  const cache =
    env.PULUMI_TENCENT_CHAT_CACHE ??
    path.join(env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache"), "pulumi-tencent-chat");
  if (!existsSync(cache)) return undefined;
  const builds = readdirSync(cache)
    .filter((name) => name.startsWith("pulumi-") && existsSync(path.join(cache, name, "bin", "pulumi")))
    .sort()
    .reverse();
  return builds.length > 0 ? path.join(cache, builds[0], "bin") : undefined;
}

/**
 * A local file backend in `dir`. `metadata=skip` keeps the backend from writing an `.attrs` sidecar beside each
 * state file: the sidecar is rewritten in place, so a CLI killed at that moment leaves it empty and every later
 * command fails with "failed to load checkpoint: EOF" (docs/pulumi-host.md, "When the CLI is killed").
 */
export function fileBackendUrl(dir: string): string {
  return `file://${dir}?metadata=skip`;
}

/** The directory of a local file backend's URL (`file://<dir>[?options]`), or undefined for any other backend. */
export function localBackendDir(url: string): string | undefined {
  return url.startsWith("file://") ? url.slice("file://".length).split("?")[0] : undefined;
}
