/**
 * Builds the package (`tsc -p tsconfig.build.json` into dist/) and installs it into this repository's own
 * node_modules/pulumi-tencent-chat exactly as `npm install` would from the registry: the files `npm pack` puts in the
 * tarball, as a real directory (not a symlink). So every program of this repository (examples, test programs, bench)
 * imports "pulumi-tencent-chat" the way a user's program does, and Pulumi serializes its providers as a `require` of
 * the installed package (docs/pulumi-host.md#serialization).
 *
 * `npm ci` runs it (the `prepare` script); tests, `npm start`, bench and soak call `ensurePackageInstalled()` first,
 * so an edit under provider/, emulator/ or cli/ is never run from a stale build.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, rmdirSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "..");
const buildInfo = path.join(repoRoot, "dist", ".tsbuildinfo");
const installed = path.join(repoRoot, "node_modules", "pulumi-tencent-chat");
const installedStamp = path.join(installed, "package.json");
const SOURCE_DIRS = ["provider", "emulator", "cli"];
const LOCK_WAIT_MS = 180_000;

function newestTime(target: string): number {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestTime(path.join(target, entry)));
  return newest;
}

function mtime(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

function sourcesTime(): number {
  return Math.max(
    ...SOURCE_DIRS.map((dir) => newestTime(path.join(repoRoot, dir))),
    mtime(path.join(repoRoot, "package.json")),
  );
}

function isStale(): boolean {
  const sources = sourcesTime();
  return mtime(buildInfo) < sources || mtime(installedStamp) < mtime(buildInfo);
}

/** Compiles dist/ from scratch, so no output of a deleted source is left to be packed. */
export function build(): void {
  rmSync(path.join(repoRoot, "dist"), { recursive: true, force: true, maxRetries: 3 });
  mkdirSync(path.join(repoRoot, "dist"), { recursive: true });
  const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", path.join(repoRoot, "tsconfig.build.json")], {
      cwd: repoRoot,
      stdio: "pipe",
    });
  } catch (error) {
    const out = (error as { stdout?: Buffer }).stdout?.toString() ?? "";
    throw new Error(`building the package (tsc -p tsconfig.build.json) failed:\n${out}`, { cause: error });
  }
  const now = new Date();
  utimesSync(buildInfo, now, now);
}

/** Packs the package as `npm pack` does (scripts off: dist/ is built) and unpacks it into node_modules. */
export function installSelf(): void {
  const work = mkdtempSync(path.join(tmpdir(), "ptc-pack-"));
  try {
    const npm = process.env.npm_execpath;
    const packArgs = ["pack", "--ignore-scripts", "--json", "--pack-destination", work];
    const out = npm
      ? execFileSync(process.execPath, [npm, ...packArgs], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] })
      : execFileSync("npm", packArgs, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    const [{ filename }] = JSON.parse(out.toString()) as Array<{ filename: string }>;
    execFileSync("tar", ["-xzf", path.join(work, filename), "-C", work]);
    const staging = `${installed}.tmp-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(path.join(work, "package"), staging, { recursive: true });
    rmSync(installed, { recursive: true, force: true });
    execFileSync("mv", [staging, installed]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Builds and installs the package if any source changed since the last install. Safe across parallel Jest workers. */
export function ensurePackageInstalled(): void {
  if (!isStale()) return;
  const lock = path.join(repoRoot, "node_modules", ".ptc-build-lock");
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
    if (!isStale()) return;
    build();
    installSelf();
  } finally {
    rmdirSync(lock);
  }
}

if (require.main === module) {
  build();
  installSelf();
}
