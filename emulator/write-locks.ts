/**
 * Users whose relationship chain has a write in flight. A write that touches one of them while the other is still
 * in flight is refused with 30008 instead of waiting (docs/concurrency.md#write-conflicts-30008).
 */
export class WriteLocks {
  private readonly busy = new Set<string>();

  /** Marks every user busy and returns a release function, or undefined when one of them already is. */
  tryAcquire(users: Iterable<string>): (() => void) | undefined {
    const unique = [...new Set(users)];
    if (unique.some((u) => this.busy.has(u))) return undefined;
    for (const u of unique) this.busy.add(u);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const u of unique) this.busy.delete(u);
    };
  }

  get inFlight(): number {
    return this.busy.size;
  }
}
