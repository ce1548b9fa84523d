import type { Clock } from "../provider/clock";

/**
 * Per-command call-rate limit of one SDKAppID (docs/rest-api.md#call-rates): at most `limit` accepted calls in any
 * sliding window of
 * one second; the next one answers 60007. Refused calls do not count.
 */
export class RateLimiter {
  /** Accepted call times (ms) within the last second, per command. */
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Records the call and returns true, or returns false when the command is over its limit. */
  tryAcquire(command: string, limit: number): boolean {
    const now = this.clock.now();
    let window = this.windows.get(command);
    if (!window) {
      window = [];
      this.windows.set(command, window);
    }
    // Drop calls older than one second; the window is in arrival order.
    let expired = 0;
    while (expired < window.length && window[expired] <= now - 1000) expired++;
    if (expired > 0) window.splice(0, expired);
    if (window.length >= limit) return false;
    window.push(now);
    return true;
  }

  reset(): void {
    this.windows.clear();
  }
}
