/**
 * DataLoader-style coalescing with one batch in flight per lane.
 *
 * Callers `submit` single items to a lane (for us: one From_Account). The lane collects until callers stop arriving
 * (no new item for `windowMs`) or the oldest has waited about `maxWaitMs`, or a batch is full, then runs one batch of
 * items of the same group (for us: one command), at most `maxBatch(group)` items and never two items with the same
 * `dedupeKey` (for us: To_Account). The engine's calls trickle in (at most its parallelism at a time, each a gRPC
 * call of its own), so waiting for a pause rather than a fixed tick is what lets a hundred of them share a request.
 * Items that arrive while a batch is in flight wait for the next one, so a lane never has two batches in flight: that
 * is what keeps the provider from causing write conflicts (30008, docs/concurrency.md#write-conflicts-30008) itself.
 *
 * Each caller gets its own outcome: results come back in the order of the items, and an item whose outcome is a
 * failure rejects only its own caller. A batch that fails as a whole rejects every caller in it. Outcomes are tagged
 * (`{ok}`), so a batch can report a failure for one item without throwing.
 */
export interface CoalescerOptions<I, R> {
  /**
   * A lane runs its batch once no item arrived for this long. Default 10 ms (see the provider README for the
   * measurements).
   */
  windowMs?: number;
  /** ...or once it has collected for about this long, whatever keeps arriving. Default 500 ms. */
  maxWaitMs?: number;
  /** The group of an item: one batch holds items of one group only. */
  groupOf(item: I): string;
  /** The most items of a group that one batch may hold. */
  maxBatch(group: string): number;
  /** Items with the same key never share a batch. */
  dedupeKey(item: I): string;
  /** Runs one batch; returns one outcome per item, in the same order. Throwing fails the whole batch. */
  run(lane: string, group: string, items: I[]): Promise<Array<Outcome<R>>>;
}

/** What one item of a batch came to. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<I, R> {
  item: I;
  group: string;
  resolve(result: R): void;
  reject(error: unknown): void;
}

interface Lane<I, R> {
  pending: Array<Pending<I, R>>;
  draining: boolean;
  /** Items submitted so far: tells the collecting lane whether callers are still arriving. */
  arrivals: number;
}

export class Coalescer<I, R> {
  private readonly lanes: Map<string, Lane<I, R>>;
  private readonly windowMs: number;
  private readonly maxRounds: number;

  constructor(private readonly options: CoalescerOptions<I, R>) {
    this.lanes = new Map();
    this.windowMs = options.windowMs ?? 10;
    // Counted in windows rather than read from a clock: the wait is a heuristic, never a promise about time.
    this.maxRounds = Math.max(1, Math.ceil((options.maxWaitMs ?? 500) / Math.max(1, this.windowMs)));
  }

  submit(laneKey: string, item: I): Promise<R> {
    let lane = this.lanes.get(laneKey);
    if (!lane) {
      lane = { pending: [], draining: false, arrivals: 0 };
      this.lanes.set(laneKey, lane);
    }
    const group = this.options.groupOf(item);
    const promise = new Promise<R>((resolve, reject) => lane!.pending.push({ item, group, resolve, reject }));
    lane.arrivals += 1;
    if (!lane.draining) void this.drain(laneKey, lane);
    return promise;
  }

  /** How many lanes have work queued or in flight (for tests and diagnostics). */
  get activeLanes(): number {
    return this.lanes.size;
  }

  private async drain(laneKey: string, lane: Lane<I, R>): Promise<void> {
    lane.draining = true;
    try {
      while (lane.pending.length > 0) {
        await this.collect(lane);
        await this.execute(laneKey, this.takeBatch(lane));
      }
    } finally {
      lane.draining = false;
      if (lane.pending.length === 0) this.lanes.delete(laneKey);
    }
  }

  /** Waits while callers keep arriving, at most `maxRounds` windows, and no longer than it takes to fill a batch. */
  private async collect(lane: Lane<I, R>): Promise<void> {
    for (let round = 0; round < this.maxRounds; round++) {
      const seen = lane.arrivals;
      await new Promise((resolve) => setTimeout(resolve, this.windowMs));
      if (lane.arrivals === seen) return;
      const group = lane.pending[0].group;
      if (lane.pending.filter((p) => p.group === group).length >= this.options.maxBatch(group)) return;
    }
  }

  /** The oldest item decides the group; later items of that group join while the batch has room. */
  private takeBatch(lane: Lane<I, R>): Array<Pending<I, R>> {
    const group = lane.pending[0].group;
    const limit = Math.max(1, this.options.maxBatch(group));
    const keys = new Set<string>();
    const batch: Array<Pending<I, R>> = [];
    const rest: Array<Pending<I, R>> = [];
    for (const p of lane.pending) {
      const key = this.options.dedupeKey(p.item);
      if (batch.length < limit && p.group === group && !keys.has(key)) {
        keys.add(key);
        batch.push(p);
      } else rest.push(p);
    }
    lane.pending = rest;
    return batch;
  }

  private async execute(laneKey: string, batch: Array<Pending<I, R>>): Promise<void> {
    let outcomes: Array<Outcome<R>>;
    try {
      outcomes = await this.options.run(
        laneKey,
        batch[0].group,
        batch.map((p) => p.item),
      );
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined)
        p.reject(new Error(`batch returned ${outcomes.length} results for ${batch.length} items`));
      else if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    });
  }
}
