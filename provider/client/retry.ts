import type { Clock } from "../clock";
import type { Verdict } from "./classify";

/**
 * Backoff arithmetic and the retry budget of one call. What to retry is decided by `classify.ts`; this module decides
 * how long to wait and when to stop:
 *
 * - exponential backoff with full jitter: the n-th retry waits `random() × min(maxDelayMs, baseDelayMs × 2^n)`
 *   (AWS "full jitter"; docs/concurrency.md#what-the-client-and-emulator-do suggests 100 ms × 2^n);
 * - throttling (60007 and friends) waits at least `throttleMinDelayMs` more (docs/error-codes.md#gateway-codes-60xxx: back off ≥ 1 s);
 * - no single wait exceeds `maxDelayMs`;
 * - at most `maxAttempts` requests per call, and no retry that would end after `maxRetryTimeMs` from the first try;
 * - one immediate re-send after re-signing on 70001, which does not count as an attempt (docs/error-codes.md#account-and-signature-codes-70xxx: "regenerate the
 *   sig, then retry once").
 */

export interface RetryPolicy {
  maxAttempts: number;
  maxRetryTimeMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Extra floor for throttled answers. Default 1000 (docs/error-codes.md#gateway-codes-60xxx). */
  throttleMinDelayMs?: number;
}

export const THROTTLE_MIN_DELAY_MS = 1000;

/** The wait before retry number `retryIndex` (0 for the first retry). `random` returns a number in [0, 1). */
export function backoffDelay(
  policy: RetryPolicy,
  retryIndex: number,
  throttled: boolean,
  random: () => number,
): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  const floor = throttled ? (policy.throttleMinDelayMs ?? THROTTLE_MIN_DELAY_MS) : 0;
  return Math.min(policy.maxDelayMs, floor + Math.floor(random() * window));
}

export type RetryDecision =
  | { action: "retry"; delayMs: number }
  /** Sign again and re-send at once. */
  | { action: "resign" }
  /** Give up: `exhausted` when the failure was retryable but the budget ran out. */
  | { action: "stop"; exhausted: boolean };

/** Counts the attempts and time of one call and says, after each failure, whether and when to try again. */
export class RetryBudget {
  private attempts: number;
  private retries: number;
  private resigned: boolean;
  private readonly startedAt: number;
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(policy: RetryPolicy, clock: Clock, random: () => number = Math.random) {
    this.policy = policy;
    this.clock = clock;
    this.random = random;
    this.attempts = 1;
    this.retries = 0;
    this.resigned = false;
    this.startedAt = clock.now();
  }

  /** Requests sent so far, counting the first and any re-send after re-signing. */
  get sent(): number {
    return this.attempts + (this.resigned ? 1 : 0);
  }

  decide(verdict: Verdict): RetryDecision {
    if (!verdict.retry) return { action: "stop", exhausted: false };
    if (verdict.class === "resign") {
      if (this.resigned) return { action: "stop", exhausted: false };
      this.resigned = true;
      return { action: "resign" };
    }
    if (this.attempts >= this.policy.maxAttempts) return { action: "stop", exhausted: true };
    const delayMs = backoffDelay(this.policy, this.retries, verdict.class === "throttled", this.random);
    if (this.clock.now() + delayMs - this.startedAt > this.policy.maxRetryTimeMs)
      return { action: "stop", exhausted: true };
    this.attempts += 1;
    this.retries += 1;
    return { action: "retry", delayMs };
  }
}

/** Wait on the timer queue (jest's fake timers can drive it). */
export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
