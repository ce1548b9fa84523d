import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  ftruncateSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { StateChange } from "./store";

/**
 * Durable state: a snapshot file plus a log of changes. Every change is appended to the log and fsynced before the
 * call that made it is answered, so an acknowledged write survives a SIGKILL or a power cut. The log is folded into
 * the snapshot (compaction) on start, when it grows past `compactAfterBytes` and past the snapshot's size, and on
 * close, when it is removed. Concurrent calls share one fsync (group commit).
 *
 * Files: the snapshot at the state path (if that is a symlink, at its target, and the link stays), the log next to
 * it as `<target>.log`, and `.<name>.<pid>.tmp` while a snapshot is written (removed, also on the next start).
 */
export class DurableState {
  private readonly snapshotPath: string;
  private readonly logPath: string;
  private readonly fd: number;
  private logBytes = 0;
  private snapshotBytes = 0;
  /** Lines waiting for the next write, and the promise of their fsync. */
  private queued: string[] = [];
  private queuedDone: Deferred | undefined;
  private draining: Promise<void> | undefined;
  private closed = false;

  private constructor(
    statePath: string,
    private readonly snapshot: () => unknown,
    private readonly compactAfterBytes: number,
  ) {
    this.snapshotPath = resolveLinks(statePath);
    this.logPath = `${this.snapshotPath}.log`;
    removeStrayTemporaryFiles(this.snapshotPath);
    // Fold what the last run left into the snapshot, then start an empty log. Appending (O_APPEND) keeps writes at
    // the end after a compaction empties it.
    this.snapshotBytes = writeSnapshotFile(this.snapshotPath, this.snapshot());
    this.fd = openSync(this.logPath, "a");
    ftruncateSync(this.fd, 0);
    fsyncSync(this.fd);
    syncDirectory(dirname(this.logPath));
  }

  /**
   * The state saved at `statePath`: the snapshot with the log's changes applied, or undefined when there is neither.
   * A log line cut short by a crash at the end of the log is the one write that was never acknowledged: ignored.
   */
  static load(statePath: string): unknown {
    const snapshotPath = resolveLinks(statePath);
    const logPath = `${snapshotPath}.log`;
    let state: unknown;
    if (existsSync(snapshotPath)) {
      const text = readFileSync(snapshotPath, "utf8");
      try {
        state = JSON.parse(text);
      } catch (error) {
        throw new Error(
          `emulator state file ${snapshotPath} is not valid JSON (${(error as Error).message}); move it away to start empty`,
          { cause: error },
        );
      }
    }
    if (!existsSync(logPath)) return state;
    const lines = readFileSync(logPath, "utf8").split("\n");
    // The text after the last newline is a torn write (or nothing).
    const complete = lines.slice(0, -1);
    for (const [i, line] of complete.entries()) {
      let change: StateChange;
      try {
        change = JSON.parse(line) as StateChange;
      } catch {
        throw new Error(`emulator state log ${logPath}, line ${i + 1}: not valid JSON; the log is damaged`);
      }
      state = applyChange(state, change, `${logPath}, line ${i + 1}`);
    }
    return state;
  }

  /** Opens the log for a state already loaded (and possibly changed since): writes the snapshot, empties the log. */
  static open(statePath: string, snapshot: () => unknown, compactAfterBytes: number): DurableState {
    return new DurableState(statePath, snapshot, compactAfterBytes);
  }

  /**
   * Appends a change (if any) and resolves once it is on disk, together with every change appended before it.
   * Without a change it is a barrier: it resolves once what was appended so far is on disk, so a read never shows
   * what a crash could still take back.
   */
  commit(change: StateChange | undefined): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the state log is closed"));
    if (change === undefined) return this.queuedDone?.promise ?? Promise.resolve();
    this.queued.push(`${JSON.stringify(change)}\n`);
    const done = (this.queuedDone ??= deferred());
    this.draining ??= this.drain();
    return done.promise;
  }

  /** Waits for pending writes, folds the log into the snapshot, and removes the log. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.draining;
    this.closed = true;
    this.snapshotBytes = writeSnapshotFile(this.snapshotPath, this.snapshot());
    closeSync(this.fd);
    unlinkSync(this.logPath);
    syncDirectory(dirname(this.logPath));
  }

  /**
   * Group commit: waits for the end of this turn of the event loop, so every call answered in it has queued its
   * change, then writes them all with one fsync. The write and the fsync are synchronous: a trip to the thread pool
   * cost more than the fsync itself (emulator/README.md#what-it-costs), and nothing else may change state meanwhile.
   */
  private async drain(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const text = this.queued.join("");
    const done = this.queuedDone as Deferred;
    this.queued = [];
    this.queuedDone = undefined;
    this.draining = undefined;
    try {
      const bytes = Buffer.from(text, "utf8");
      for (let offset = 0; offset < bytes.length;) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
      fdatasyncSync(this.fd);
      this.logBytes += bytes.length;
      done.resolve();
    } catch (error) {
      done.reject(error as Error);
      // The store holds changes the log lacks: the next batch that gets through writes a whole snapshot.
      this.logBytes = Number.POSITIVE_INFINITY;
      return;
    }
    if (this.logBytes > Math.max(this.compactAfterBytes, this.snapshotBytes)) this.compact();
  }

  /**
   * Folds the log into the snapshot: the snapshot is written atomically, then the log emptied. Both happen in one
   * synchronous step after a batch, so the log and the snapshot never disagree about what is acknowledged.
   */
  private compact(): void {
    try {
      this.snapshotBytes = writeSnapshotFile(this.snapshotPath, this.snapshot());
      ftruncateSync(this.fd, 0);
      fdatasyncSync(this.fd);
      this.logBytes = 0;
    } catch {
      // The log still holds everything; the next batch tries again.
    }
  }
}

/** The state with one log record applied, as plain JSON (the schema checks the result when it is loaded). */
function applyChange(state: unknown, change: StateChange, where: string): unknown {
  if (typeof change !== "object" || change === null) throw new Error(`emulator state log ${where}: not a change`);
  if ("state" in change) return change.state;
  if (!("put" in change) || typeof change.put !== "object" || !Array.isArray(change.del))
    throw new Error(`emulator state log ${where}: expected {put, del} or {state}`);
  const base = (state ?? { format: "tencent-chat-emulator/state@1", accounts: {} }) as {
    accounts?: Record<string, unknown>;
  };
  const accounts = new Map(Object.entries(base.accounts ?? {}));
  for (const [id, account] of Object.entries(change.put)) accounts.set(id, account);
  for (const id of change.del) accounts.delete(id);
  return { ...base, accounts: Object.fromEntries(accounts) };
}

/** Where a path's symlinks lead: state is written to the target, so a link keeps pointing where it pointed. */
function resolveLinks(path: string): string {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch (error) {
      // A link to a file not created yet: the file is created there.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return current;
      throw error;
    }
    if (!isLink) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new Error(`emulator state path ${path}: too many levels of symbolic links`);
}

const temporaryName = (target: string, pid: number | string) => `.${basename(target)}.${pid}.tmp`;

/** A process killed while writing a snapshot leaves its temporary file: remove any, whichever process made it. */
function removeStrayTemporaryFiles(target: string): void {
  const dir = dirname(target);
  const pattern = new RegExp(`^${escapeRegExp(temporaryName(target, "PID")).replace("PID", "\\d+")}$`);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (pattern.test(name)) unlinkSync(join(dir, name));
}

/**
 * Writes the snapshot atomically: a temporary file in the same directory, fsync, rename over the target, fsync of
 * the directory. A crash leaves the previous complete file or the new one. Returns the size written.
 */
function writeSnapshotFile(target: string, snapshot: unknown): number {
  const tmp = join(dirname(target), temporaryName(target, process.pid));
  const text = JSON.stringify(snapshot, null, 1);
  try {
    writeFileSync(tmp, text, "utf8");
    const fd = openSync(tmp, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (error) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw error;
  }
  syncDirectory(dirname(target));
  return Buffer.byteLength(text);
}

/** Makes a rename or a new file durable; some platforms cannot open a directory, which only weakens durability. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort: atomicity does not depend on it.
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody awaits any more must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
