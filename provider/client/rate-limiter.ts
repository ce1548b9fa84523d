import type { Clock } from "../clock";
import { sleep } from "./retry";

/**
 * Calls per second per command, shared by every caller of one `ChatClient` (spec §1.6: the service limits each API
 * per SDKAppID, and the provider keeps one client per app).
 *
 * A sliding-window log rather than a token bucket: a bucket lets a full burst through at the end of one second and
 * another at the start of the next, which a service counting over any one-second window answers with 60007. Here no
 * interval of `windowMs` holds more than `limit` grants, whatever the traffic pattern. The window is a little longer
 * than a second (`DEFAULT_WINDOW_MS`), so that requests granted a second apart but delivered with different network
 * delays still land in different seconds at the service.
 *
 * Grants are handed out in request order (FIFO per command): a call waits behind the ones that asked before it.
 * Every attempt, retries included, takes a grant.
 */

export const DEFAULT_WINDOW_MS = 1050;

/** The pure arithmetic of one command's window: when may the next call go? Driven by the caller's clock. */
export class SlidingWindow {
  /** Grant times, ascending; may lie in the future (reserved by callers still waiting). */
  private readonly grants: number[] = [];
  private head = 0;
  /** Grants allowed per window: the limit rounded down, at least 1. */
  readonly allowed: number;
  readonly windowMs: number;

  /** `limit` calls per `windowMs`; a limit below 1 stretches the window instead (0.5/s: one call per 2.1 s). */
  constructor(limit: number, windowMs: number = DEFAULT_WINDOW_MS) {
    if (!(limit > 0) || !Number.isFinite(limit)) throw new RangeError(`limit: expected a finite number above 0, got ${limit}`);
    this.allowed = Math.max(1, Math.floor(limit));
    this.windowMs = limit < 1 ? windowMs / limit : windowMs;
  }

  /** Reserve the earliest time at or after `now` that keeps every window within the limit; returns that time. */
  reserve(now: number): number {
    // Forget grants that no future window can contain.
    while (this.head < this.grants.length && this.grants[this.head] <= now - this.windowMs) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.grants.length) {
      this.grants.splice(0, this.head);
      this.head = 0;
    }
    const count = this.grants.length - this.head;
    const allowed = this.allowed;
    let at = now;
    if (count > 0) at = Math.max(at, this.grants[this.grants.length - 1]);
    // The grant `allowed` places back must have left the window [at - windowMs, at).
    if (count >= allowed) at = Math.max(at, this.grants[this.grants.length - allowed] + this.windowMs);
    this.grants.push(at);
    return at;
  }
}

export interface RateLimiterOptions {
  clock: Clock;
  /** Calls per second for every command; undefined means each command's own default passed to `acquire`. */
  rateLimitPerSecond?: number;
  windowMs?: number;
}

/** One sliding window per command, created on first use. */
export class RateLimiter {
  private readonly windows = new Map<string, SlidingWindow>();

  constructor(private readonly options: RateLimiterOptions) {}

  /** The limit in force for a command whose documented default is `defaultPerSecond`. */
  limitFor(defaultPerSecond: number): number {
    return this.options.rateLimitPerSecond ?? defaultPerSecond;
  }

  /** How long the caller must wait before sending `command` (and reserve that slot). */
  reserve(command: string, defaultPerSecond: number): number {
    let window = this.windows.get(command);
    if (!window) {
      window = new SlidingWindow(this.limitFor(defaultPerSecond), this.options.windowMs);
      this.windows.set(command, window);
    }
    const now = this.options.clock.now();
    return window.reserve(now) - now;
  }

  /** Wait for a slot to send `command`. */
  async acquire(command: string, defaultPerSecond: number): Promise<void> {
    await sleep(this.reserve(command, defaultPerSecond));
  }
}
