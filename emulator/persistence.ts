import { existsSync, readFileSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * The state file: written atomically (temporary file in the same directory, fsync, rename, fsync of the
 * directory), so a process killed at any moment leaves either the previous complete file or the new one.
 */
export class StateFile {
  constructor(readonly path: string) {}

  /** The parsed file, or undefined when there is none yet. A file that is not JSON is an error, never discarded. */
  load(): unknown {
    if (!existsSync(this.path)) return undefined;
    const text = readFileSync(this.path, "utf8");
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(
        `emulator state file ${this.path} is not valid JSON (${(error as Error).message}); move it away to start empty`,
      );
    }
  }

  async save(data: unknown): Promise<void> {
    const tmp = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.tmp`);
    const file = await open(tmp, "w");
    try {
      await file.writeFile(JSON.stringify(data, null, 1), "utf8");
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, this.path);
    await syncDirectory(dirname(this.path));
  }
}

/** Makes the rename itself durable; some platforms cannot open a directory, which only weakens durability. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the rename is best effort; atomicity does not depend on it.
  }
}

/**
 * Saves the state after changes, coalescing bursts: at most one save runs at a time, and changes made while it
 * runs are written by one more save right after.
 */
export class StatePersister {
  private savedVersion: number;
  private running: Promise<void> | undefined;
  private lastError: Error | undefined;

  constructor(
    private readonly file: StateFile,
    private readonly source: { version: number; snapshot(): unknown },
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.savedVersion = source.version;
  }

  /** Call after anything that may have changed state; schedules a save if it did. */
  notify(): void {
    if (this.source.version !== this.savedVersion && !this.running) this.running = this.drain();
  }

  /** Resolves once everything changed so far is on disk; rejects with the last save error. */
  async flush(): Promise<void> {
    this.notify();
    while (this.running) await this.running;
    if (this.source.version !== this.savedVersion) await this.saveOnce();
    if (this.lastError) throw this.lastError;
  }

  private async drain(): Promise<void> {
    try {
      while (this.source.version !== this.savedVersion) await this.saveOnce();
    } finally {
      this.running = undefined;
    }
  }

  private async saveOnce(): Promise<void> {
    const version = this.source.version;
    try {
      await this.file.save(this.source.snapshot());
      this.savedVersion = version;
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error as Error;
      this.onError(this.lastError);
      // Give up on this version; the next change or flush tries again.
      this.savedVersion = version;
    }
  }
}
