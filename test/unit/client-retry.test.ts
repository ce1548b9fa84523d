import type { Clock } from "../../provider/clock";
import type { Verdict } from "../../provider/client/classify";
import { RetryBudget, backoffDelay, sleep } from "../../provider/client/retry";
import type { RetryPolicy } from "../../provider/client/retry";

const policy: RetryPolicy = { maxAttempts: 5, maxRetryTimeMs: 30_000, baseDelayMs: 100, maxDelayMs: 5_000 };
const transient: Verdict = { class: "transient", retry: true, retryable: true, outcomeUnknown: false };
const throttled: Verdict = { ...transient, class: "throttled" };
const resign: Verdict = { ...transient, class: "resign" };
const permanent: Verdict = { class: "permanent", retry: false, retryable: false, outcomeUnknown: false };

function manualClock(start = 1_700_000_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

describe("backoffDelay: exponential, full jitter, capped", () => {
  test("the jitter window doubles per retry from the base", () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(policy, n, false, top))).toEqual([99, 199, 399, 799, 1599]);
  });

  test("full jitter: the wait is anywhere from 0 to the window", () => {
    expect(backoffDelay(policy, 3, false, () => 0)).toBe(0);
    expect(backoffDelay(policy, 3, false, () => 0.5)).toBe(400);
  });

  test("no single wait exceeds maxDelayMs, however many retries", () => {
    expect(backoffDelay(policy, 30, false, () => 0.999999)).toBeLessThanOrEqual(5_000);
    expect(backoffDelay(policy, 30, true, () => 0.999999)).toBe(5_000);
  });

  test("throttling waits at least one second (docs/error-codes.md#gateway-codes-60xxx)", () => {
    expect(backoffDelay(policy, 0, true, () => 0)).toBe(1_000);
    expect(backoffDelay(policy, 1, true, () => 0.5)).toBe(1_100);
  });
});

describe("RetryBudget", () => {
  test("allows maxAttempts requests in all, then reports exhaustion", () => {
    const clock = manualClock();
    const budget = new RetryBudget({ ...policy, maxAttempts: 3 }, clock, () => 0.5);
    expect(budget.decide(transient)).toEqual({ action: "retry", delayMs: 50 });
    expect(budget.decide(transient)).toEqual({ action: "retry", delayMs: 100 });
    expect(budget.decide(transient)).toEqual({ action: "stop", exhausted: true });
    expect(budget.sent).toBe(3);
  });

  test("stops when the next wait would end past maxRetryTimeMs", () => {
    const clock = manualClock();
    const budget = new RetryBudget({ ...policy, maxAttempts: 20, maxRetryTimeMs: 1_000 }, clock, () => 0.999);
    expect(budget.decide(transient).action).toBe("retry");
    clock.advance(900);
    // The next window is 200 ms, which would end at 1099 ms > 1000 ms.
    expect(budget.decide(transient)).toEqual({ action: "stop", exhausted: true });
  });

  test("never retries a permanent failure", () => {
    expect(new RetryBudget(policy, manualClock()).decide(permanent)).toEqual({ action: "stop", exhausted: false });
  });

  test("re-signs once without spending an attempt, then gives up on a second 70001", () => {
    const budget = new RetryBudget({ ...policy, maxAttempts: 1 }, manualClock());
    expect(budget.decide(resign)).toEqual({ action: "resign" });
    expect(budget.sent).toBe(2);
    expect(budget.decide(resign)).toEqual({ action: "stop", exhausted: false });
  });

  test("throttled verdicts wait at least a second", () => {
    const decision = new RetryBudget(policy, manualClock(), () => 0).decide(throttled);
    expect(decision).toEqual({ action: "retry", delayMs: 1_000 });
  });
});

describe("sleep", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test("resolves only once the timer has run", async () => {
    let done = false;
    const waiting = sleep(250).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(249);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });
});
