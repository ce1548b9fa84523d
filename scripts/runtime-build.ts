/**
 * Keeps `dist/provider/` (the runtime the serialized shim loads in the dynamic-provider host, provider/shim.ts)
 * in step with provider/. `npm ci` builds it (the `prepare` script); everything in this repository that starts a
 * host (tests, `npm start`, bench, soak) calls `ensureRuntimeBuilt()` first, so an edit under provider/ is never
 * run from a stale build.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..");
const buildInfo = path.join(repoRoot, "dist", ".tsbuildinfo");
const runtimeFile = path.join(repoRoot, "dist", "provider", "runtime.js");
const LOCK_WAIT_MS = 120_000;

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(full));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function runtimeIsStale(): boolean {
  const built = statSync(buildInfo, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return (
    statSync(runtimeFile, { throwIfNoEntry: false }) === undefined ||
    newestSourceTime(path.join(repoRoot, "provider")) > built
  );
}

/** Runs `tsc -p tsconfig.build.json` (incremental, ~1.5 s) if provider/ changed since the last build. */
export function ensureRuntimeBuilt(): void {
  if (!runtimeIsStale()) return;
  mkdirSync(path.dirname(buildInfo), { recursive: true });
  // Parallel Jest workers may all find the build stale: a lock directory lets one of them write dist/.
  const lock = path.join(repoRoot, "dist", ".build-lock");
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`waited ${LOCK_WAIT_MS / 1000} s for ${lock}; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!runtimeIsStale()) return;
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    try {
      execFileSync(process.execPath, [tsc, "-p", path.join(repoRoot, "tsconfig.build.json")], {
        cwd: repoRoot,
        stdio: "pipe",
      });
    } catch (error) {
      const out = (error as { stdout?: Buffer }).stdout?.toString() ?? "";
      throw new Error(`building the provider runtime (tsc -p tsconfig.build.json) failed:\n${out}`);
    }
  } finally {
    rmdirSync(lock);
  }
}
