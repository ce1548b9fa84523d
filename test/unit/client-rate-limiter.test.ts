import { DEFAULT_WINDOW_MS, RateLimiter, SlidingWindow } from "../../provider/client/rate-limiter";

/** The largest number of grants inside any half-open interval [t, t + windowMs). */
function busiestWindow(grants: number[], windowMs: number): number {
  const sorted = [...grants].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i += 1) {
    while (sorted[j] < sorted[i] - windowMs + 1e-9) j += 1;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("SlidingWindow arithmetic", () => {
  test("lets `limit` calls through at once, then spaces the rest a window apart", () => {
    const w = new SlidingWindow(3, 1000);
    expect([0, 0, 0, 0, 0, 0, 0].map(() => w.reserve(0))).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  test("no window ever holds more than the limit, whatever the arrival pattern", () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const limit of [1, 5, 50, 200]) {
      const w = new SlidingWindow(limit, 1000);
      const grants: number[] = [];
      let now = 0;
      for (let i = 0; i < 3000; i += 1) {
        now += rand() < 0.3 ? rand() * 40 : 0;
        const at = w.reserve(now);
        expect(at).toBeGreaterThanOrEqual(now);
        grants.push(at);
      }
      expect(busiestWindow(grants, 1000)).toBe(limit);
      // Grants are handed out in request order.
      expect(grants).toEqual([...grants].sort((a, b) => a - b));
    }
  });

  test("an idle limiter grants at once again", () => {
    const w = new SlidingWindow(2, 1000);
    w.reserve(0);
    w.reserve(0);
    expect(w.reserve(5_000)).toBe(5_000);
  });

  test("a limit below 1 per second stretches the window", () => {
    const w = new SlidingWindow(0.5, 1000);
    expect([w.reserve(0), w.reserve(0), w.reserve(0)]).toEqual([0, 2000, 4000]);
  });

  test("rejects a limit that is not a positive number", () => {
    expect(() => new SlidingWindow(0)).toThrow(RangeError);
    expect(() => new SlidingWindow(Number.NaN)).toThrow(/limit/);
  });
});

describe("RateLimiter", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  const clock = { now: () => Date.now() };

  test("each command has its own window, at its own default limit", () => {
    const limiter = new RateLimiter({ clock });
    const updates = Array.from({ length: 201 }, () => limiter.reserve("friend_update", 200));
    const checks = Array.from({ length: 101 }, () => limiter.reserve("account_check", 100));
    expect(updates.slice(0, 200).every((d) => d === 0)).toBe(true);
    expect(updates[200]).toBe(DEFAULT_WINDOW_MS);
    expect(checks[99]).toBe(0);
    expect(checks[100]).toBe(DEFAULT_WINDOW_MS);
  });

  test("a configured rate overrides every command's default", () => {
    const limiter = new RateLimiter({ clock, rateLimitPerSecond: 2 });
    expect(limiter.limitFor(200)).toBe(2);
    expect([0, 1, 2].map(() => limiter.reserve("friend_get", 200))).toEqual([0, 0, DEFAULT_WINDOW_MS]);
  });

  test("acquire waits on the timer until the window has room, in request order", async () => {
    const limiter = new RateLimiter({ clock, rateLimitPerSecond: 2, windowMs: 1000 });
    const order: number[] = [];
    const calls = [0, 1, 2, 3, 4].map((i) => limiter.acquire("friend_add", 200).then(() => order.push(i)));
    await jest.advanceTimersByTimeAsync(0);
    expect(order).toEqual([0, 1]);
    await jest.advanceTimersByTimeAsync(999);
    expect(order).toEqual([0, 1]);
    await jest.advanceTimersByTimeAsync(1);
    expect(order).toEqual([0, 1, 2, 3]);
    await jest.advanceTimersByTimeAsync(1000);
    await Promise.all(calls);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });
});
