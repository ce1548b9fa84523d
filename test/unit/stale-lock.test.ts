import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import * as path from "node:path";
import { backendLocks, isStale } from "../../cli/stale-lock";

/** A pid that certainly belonged to a process that has exited. */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("locks of a local file backend left by a killed command", () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), "ptc-locks-"));
  const lockDir = path.join(stateDir, ".pulumi", "locks", "organization", "proj", "dev");
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  test("are read from the files Pulumi writes, one per command", () => {
    mkdirSync(lockDir, { recursive: true });
    const lock = { pid: 4242, username: "ci", hostname: "runner-7", timestamp: "2026-11-30T10:00:00Z" };
    writeFileSync(path.join(lockDir, "a1b2.json"), JSON.stringify(lock));
    writeFileSync(path.join(lockDir, "torn.json"), "{");
    expect(backendLocks(stateDir, "proj", "dev")).toEqual([
      { file: path.join(lockDir, "a1b2.json"), pid: 4242, hostname: "runner-7", timestamp: "2026-11-30T10:00:00Z" },
    ]);
    expect(backendLocks(stateDir, "proj", "other")).toEqual([]);
  });

  test("are stale only when their process is gone from this host", () => {
    const gone = { file: "x.json", pid: exitedPid(), hostname: hostname(), timestamp: "" };
    expect(isStale(gone)).toBe(true);
    // Another machine's lock is never released from here, whatever its pid.
    expect(isStale({ ...gone, hostname: `${hostname()}-elsewhere` })).toBe(false);
    expect(isStale({ ...gone, pid: Number.NaN })).toBe(false);
  });
});
