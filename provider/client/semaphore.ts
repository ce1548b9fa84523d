/** Bounds how many requests one client has in flight; waiters are served in arrival order. */
export class Semaphore {
  private active: number;
  private readonly waiting: (() => void)[];
  readonly capacity: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity: expected an integer of at least 1, got ${capacity}`);
    this.capacity = capacity;
    this.active = 0;
    this.waiting = [];
  }

  get inFlight(): number {
    return this.active;
  }

  async acquire(): Promise<void> {
    if (this.active < this.capacity) {
      this.active += 1;
      return;
    }
    // The releasing caller hands its slot straight to us, so `active` does not change.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}
