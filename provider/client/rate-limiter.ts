import type { Clock } from "../clock";
import { sleep } from "./retry";

/**
 * Calls per second per command, shared by every caller of one `ChatClient` (docs/rest-api.md#call-rates: the service
 * limits each API per SDKAppID, and the provider keeps one client per app).
 *
 * The service counts calls by their arrival, which the client cannot see: a call arrives some time after it was sent
 * and before its answer came back. Counting send times (a plain token bucket or sliding window) therefore lets two
 * calls sent a second apart arrive less than a second apart when the first was slow to reach the service (a new
 * connection, a busy server), and the service answers 60007. So each call is counted over its whole life: from when
 * it is sent until its answer arrives, and then for `windowMs` after that. A call may start only when fewer than
 * `limit` calls are in flight or finished within the last `windowMs`. Since a call arrives no later than its answer,
 * no two of `limit + 1` calls can then arrive within one window at the service, whatever the network does.
 *
 * Calls start in the order they asked (FIFO per command). Every attempt, retries included, counts.
 */

/** One second, plus a little for clocks that round to the millisecond on both sides. */
export const DEFAULT_WINDOW_MS = 1010;

export type WindowDecision =
  | { kind: "go" }
  /** Room frees up in `ms`. */
  | { kind: "wait"; ms: number }
  /** Every counted call is still in flight: room frees up only after one finishes. */
  | { kind: "await-finish" };

/**
 * The pure arithmetic of one command's window, driven by the caller's clock (assumed not to run backwards): calls in
 * flight, and the finish times of calls finished within the window.
 */
export class CallWindow {
  /** Finish times, ascending (calls finish in clock order). */
  private finished: number[];
  private head: number;
  private inFlight: number;
  /** Calls allowed per window: the limit rounded down, at least 1. */
  readonly allowed: number;
  readonly windowMs: number;

  /** `limit` calls per `windowMs`; a limit below 1 stretches the window instead (0.5/s: one call per 2 windows). */
  constructor(limit: number, windowMs: number = DEFAULT_WINDOW_MS) {
    if (!(limit > 0) || !Number.isFinite(limit))
      throw new RangeError(`limit: expected a finite number above 0, got ${limit}`);
    this.finished = [];
    this.head = 0;
    this.inFlight = 0;
    this.allowed = Math.max(1, Math.floor(limit));
    this.windowMs = limit < 1 ? windowMs / limit : windowMs;
  }

  /** Calls in flight plus calls finished within the window ending at `now`. */
  counted(now: number): number {
    this.forget(now);
    return this.inFlight + this.finished.length - this.head;
  }

  /** May a call start at `now`? */
  check(now: number): WindowDecision {
    const excess = this.counted(now) - this.allowed + 1;
    if (excess <= 0) return { kind: "go" };
    // The `excess` oldest finished calls must leave the window; a call still in flight would leave it even later.
    const finishedCount = this.finished.length - this.head;
    if (finishedCount < excess) return { kind: "await-finish" };
    return { kind: "wait", ms: Math.max(1, this.finished[this.head + excess - 1] + this.windowMs - now) };
  }

  start(): void {
    this.inFlight += 1;
  }

  finish(now: number): void {
    this.inFlight -= 1;
    this.finished.push(now);
  }

  private forget(now: number): void {
    while (this.head < this.finished.length && this.finished[this.head] <= now - this.windowMs) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.finished.length) {
      this.finished = this.finished.slice(this.head);
      this.head = 0;
    }
  }
}

export interface RateLimiterOptions {
  clock: Clock;
  /** Calls per second for every command; undefined means each command's own default passed to `acquire`. */
  rateLimitPerSecond?: number;
  windowMs?: number;
}

/** Marks the end of a call: its answer (or failure) arrived. Calling it again does nothing. */
export type Release = () => void;

interface CommandState {
  window: CallWindow;
  /** The turn of the last caller to ask: callers start in order. */
  queue: Promise<void>;
  /** Waiters for the next call to finish. */
  finishWaiters: (() => void)[];
}

/** One window per command, created on first use. */
export class RateLimiter {
  private readonly commands: Map<string, CommandState>;
  private readonly options: RateLimiterOptions;

  constructor(options: RateLimiterOptions) {
    this.options = options;
    this.commands = new Map();
  }

  /** The limit in force for a command whose documented default is `defaultPerSecond`. */
  limitFor(defaultPerSecond: number): number {
    return this.options.rateLimitPerSecond ?? defaultPerSecond;
  }

  private state(command: string, defaultPerSecond: number): CommandState {
    let state = this.commands.get(command);
    if (!state) {
      state = {
        window: new CallWindow(this.limitFor(defaultPerSecond), this.options.windowMs),
        queue: Promise.resolve(),
        finishWaiters: [],
      };
      this.commands.set(command, state);
    }
    return state;
  }

  /** Wait for room to send `command`; call the returned `Release` once its answer (or failure) is in. */
  async acquire(command: string, defaultPerSecond: number): Promise<Release> {
    const state = this.state(command, defaultPerSecond);
    const { clock } = this.options;
    const turn = state.queue.then(async () => {
      for (;;) {
        const decision = state.window.check(clock.now());
        if (decision.kind === "go") break;
        if (decision.kind === "wait") await sleep(decision.ms);
        else await new Promise<void>((resolve) => state.finishWaiters.push(resolve));
      }
      state.window.start();
    });
    state.queue = turn;
    await turn;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.window.finish(clock.now());
      for (const wake of state.finishWaiters.splice(0)) wake();
    };
  }
}
