import { readFileSync, readdirSync } from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";

/** A lock of the local file backend: which pulumi process on which host holds the stack. */
export interface BackendLock {
  file: string;
  pid: number;
  hostname: string;
  timestamp: string;
}

/**
 * The locks held on `stack` in a local file backend at `stateDir`. Pulumi writes one file per running command under
 * `.pulumi/locks/organization/<project>/<stack>/` and deletes it when the command ends; a killed command leaves it
 * (docs/pulumi-host.md, "When the CLI is killed").
 */
export function backendLocks(stateDir: string, project: string, stack: string): BackendLock[] {
  const dir = path.join(stateDir, ".pulumi", "locks", "organization", project, stack);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    try {
      const content = JSON.parse(readFileSync(path.join(dir, name), "utf8")) as Partial<BackendLock>;
      return [
        {
          file: path.join(dir, name),
          pid: Number(content.pid),
          hostname: String(content.hostname),
          timestamp: String(content.timestamp),
        },
      ];
    } catch {
      return [];
    }
  });
}

/**
 * Whether the command holding `lock` is certainly gone: it ran on this host and no pulumi process has its pid. A
 * lock from another host, or whose process still runs, is never called stale.
 */
export function isStale(lock: BackendLock, thisHost: string = hostname()): boolean {
  if (lock.hostname !== thisHost || !Number.isInteger(lock.pid) || lock.pid <= 0) return false;
  try {
    process.kill(lock.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  // The pid is taken; on Linux it may have been reused by another program.
  try {
    return !readFileSync(`/proc/${lock.pid}/comm`, "utf8").trim().startsWith("pulumi");
  } catch {
    return false;
  }
}
