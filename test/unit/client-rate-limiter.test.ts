import { CallWindow, DEFAULT_WINDOW_MS, RateLimiter } from "../../provider/client/rate-limiter";

describe("CallWindow arithmetic", () => {
  test("lets `limit` calls start at once; the next waits for the oldest to finish and leave the window", () => {
    const w = new CallWindow(3, 1000);
    for (let i = 0; i < 3; i += 1) {
      expect(w.check(0)).toEqual({ kind: "go" });
      w.start();
    }
    // All three are in flight: nothing can be computed yet.
    expect(w.check(0)).toEqual({ kind: "await-finish" });
    w.finish(40);
    // The first answer came at 40 ms: the call may have reached the service as late as that.
    expect(w.check(40)).toEqual({ kind: "wait", ms: 1000 });
    expect(w.check(1039)).toEqual({ kind: "wait", ms: 1 });
    expect(w.check(1040)).toEqual({ kind: "go" });
  });

  test("counts finished calls for one window after their answer, then forgets them", () => {
    const w = new CallWindow(2, 1000);
    w.start();
    w.finish(100);
    w.start();
    w.finish(300);
    expect(w.counted(300)).toBe(2);
    expect(w.counted(1100)).toBe(1);
    expect(w.counted(1300)).toBe(0);
  });

  test("waits for as many finished calls to leave as there are calls too many", () => {
    const w = new CallWindow(2, 1000);
    w.start();
    w.start();
    w.start();
    w.finish(10);
    w.finish(20);
    w.finish(30);
    // Three counted, limit two: two must leave for a fourth to start, the second at 1020.
    expect(w.check(30)).toEqual({ kind: "wait", ms: 990 });
  });

  test("simulated traffic: no window of arrival times ever holds more than the limit, whatever the latency", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const limit = 20;
    const w = new CallWindow(limit, 1000);
    // Event simulation: calls start when allowed, reach the server after a random delay, answer after another.
    const arrivals: number[] = [];
    const finishes: number[] = [];
    let now = 0;
    let started = 0;
    while (started < 400) {
      finishes.sort((a, b) => a - b);
      while (finishes.length > 0 && finishes[0] <= now) w.finish(finishes.shift() as number);
      const d = w.check(now);
      if (d.kind === "go") {
        w.start();
        started += 1;
        const toServer = rand() < 0.1 ? 300 * rand() : 2 * rand();
        arrivals.push(now + toServer);
        finishes.push(now + toServer + 5 * rand());
      } else {
        now = d.kind === "wait" ? now + d.ms : Math.max(now, Math.min(...finishes));
      }
    }
    arrivals.sort((a, b) => a - b);
    for (let i = limit; i < arrivals.length; i += 1)
      expect(arrivals[i] - arrivals[i - limit]).toBeGreaterThanOrEqual(1000);
  });

  test("a limit below 1 per second stretches the window", () => {
    const w = new CallWindow(0.5, 1000);
    w.start();
    w.finish(0);
    expect(w.check(0)).toEqual({ kind: "wait", ms: 2000 });
  });

  test("rejects a limit that is not a positive number", () => {
    expect(() => new CallWindow(0)).toThrow(RangeError);
    expect(() => new CallWindow(Number.NaN)).toThrow(/limit/);
  });
});

describe("RateLimiter", () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  const clock = { now: () => Date.now() };

  /** Start `n` acquisitions; report which have been granted. */
  function contenders(limiter: RateLimiter, command: string, n: number, perSecond = 200) {
    const granted: number[] = [];
    const releases: (() => void)[] = [];
    const all = Array.from({ length: n }, (_, i) =>
      limiter.acquire(command, perSecond).then((release) => {
        granted.push(i);
        releases[i] = release;
      }),
    );
    return { granted, releases, all };
  }

  test("each command has its own window at its own default limit", async () => {
    const limiter = new RateLimiter({ clock });
    const updates = contenders(limiter, "friend_update", 201, 200);
    const checks = contenders(limiter, "account_check", 101, 100);
    await jest.advanceTimersByTimeAsync(0);
    expect(updates.granted).toHaveLength(200);
    expect(checks.granted).toHaveLength(100);
    updates.releases[0]();
    await jest.advanceTimersByTimeAsync(DEFAULT_WINDOW_MS - 1);
    expect(updates.granted).toHaveLength(200);
    await jest.advanceTimersByTimeAsync(1);
    expect(updates.granted).toHaveLength(201);
    expect(checks.granted).toHaveLength(100);
  });

  test("a configured rate overrides every command's default", () => {
    expect(new RateLimiter({ clock, rateLimitPerSecond: 2 }).limitFor(200)).toBe(2);
    expect(new RateLimiter({ clock }).limitFor(100)).toBe(100);
  });

  test("callers start in request order as answers come back and leave the window", async () => {
    const limiter = new RateLimiter({ clock, rateLimitPerSecond: 2, windowMs: 1000 });
    const c = contenders(limiter, "friend_add", 5);
    await jest.advanceTimersByTimeAsync(0);
    expect(c.granted).toEqual([0, 1]);
    // Nobody has answered yet: a full second later there is still no room.
    await jest.advanceTimersByTimeAsync(1500);
    expect(c.granted).toEqual([0, 1]);
    c.releases[1]();
    c.releases[0]();
    await jest.advanceTimersByTimeAsync(999);
    expect(c.granted).toEqual([0, 1]);
    await jest.advanceTimersByTimeAsync(1);
    expect(c.granted).toEqual([0, 1, 2, 3]);
    c.releases[2]();
    await jest.advanceTimersByTimeAsync(1000);
    await Promise.all(c.all);
    expect(c.granted).toEqual([0, 1, 2, 3, 4]);
  });

  test("releasing twice counts once", async () => {
    const limiter = new RateLimiter({ clock, rateLimitPerSecond: 1, windowMs: 1000 });
    const release = await limiter.acquire("friend_get", 200);
    release();
    release();
    const next = contenders(limiter, "friend_get", 1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(next.granted).toEqual([0]);
  });
});
