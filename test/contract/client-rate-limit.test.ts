/**
 * The client's per-command limiter keeps calls within the service's rate (docs/rest-api.md#call-rates) while the
 * emulator enforces its own: no 60007 is ever answered. Rates are read from the emulator's arrival times, not from the
 * test's clock.
 */
import type { CallLogEntry } from "../../emulator";
import type { ChatClient } from "../../provider/client/client";
import { type Harness, startHarness } from "../helpers/harness";
import { friendCheck } from "../helpers/calls";

/** The most calls the emulator saw arrive within any one second, by its own clock. */
function busiestSecond(calls: CallLogEntry[]): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (times[j] <= times[i] - 1000) j += 1;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const throttled = (calls: CallLogEntry[]) => calls.filter((c) => c.outcome.errorCode === 60007);

describe("against an emulator limited to 20 calls per second per command", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ rateLimitPerSecond: 20 });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control.reset();
    await h.control.seedAccounts(["alice", "bob"]);
  });

  const burst = (client: ChatClient, n: number) =>
    Promise.all(Array.from({ length: n }, () => friendCheck(client, "alice", ["bob"], "CheckResult_Type_Single")));

  test("a client limited to the same rate sends 50 concurrent calls without one 60007", async () => {
    const client = h.client({ rateLimitPerSecond: 20 });
    const results = await burst(client, 50);
    expect(results.flat().every((r) => r.ResultCode === 0)).toBe(true);
    const calls = await h.control.calls("friend_check");
    expect(calls).toHaveLength(50);
    expect(throttled(calls)).toHaveLength(0);
    expect(busiestSecond(calls)).toBeLessThanOrEqual(20);
  });

  test("the limit is per command: two commands each get their own 20 per second", async () => {
    const client = h.client({ rateLimitPerSecond: 20 });
    await Promise.all([burst(client, 30), Promise.all(Array.from({ length: 30 }, () => client.friendGetAll("alice")))]);
    const calls = await h.control.calls();
    expect(throttled(calls)).toHaveLength(0);
    expect(busiestSecond(calls.filter((c) => c.command === "friend_check"))).toBeLessThanOrEqual(20);
    expect(busiestSecond(calls.filter((c) => c.command === "friend_get"))).toBeLessThanOrEqual(20);
  });

  test("without the limiter the emulator answers 60007, and the client's throttled retries still get every call through", async () => {
    const client = h.client({ rateLimitPerSecond: 10_000, maxAttempts: 10, retryMaxDelayMs: 3_000 });
    const results = await burst(client, 30);
    expect(results.flat().every((r) => r.ResultCode === 0)).toBe(true);
    const calls = await h.control.calls("friend_check");
    expect(throttled(calls).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.outcome.errorCode === 0)).toHaveLength(30);
  });
});

describe("defaults", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.control.seedAccounts(["alice", "bob"]);
  });
  afterAll(() => h.close());

  test("with no rate configured, the documented 200/s per command holds against the emulator's default limits", async () => {
    const client = h.client();
    const users = Array.from({ length: 250 }, (_, i) => `n${i}`);
    // account_check is documented at 100/s, friend_check at 200/s (docs/rest-api.md#call-rates).
    await Promise.all([
      ...Array.from({ length: 450 }, () => friendCheck(client, "alice", ["bob"], "CheckResult_Type_Single")),
      ...users.map((u) => client.accountCheck([u])),
    ]);
    const calls = await h.control.calls();
    expect(throttled(calls)).toHaveLength(0);
    expect(busiestSecond(calls.filter((c) => c.command === "friend_check"))).toBeLessThanOrEqual(200);
    expect(busiestSecond(calls.filter((c) => c.command === "account_check"))).toBeLessThanOrEqual(100);
    expect(calls.filter((c) => c.command === "account_check")).toHaveLength(250);
  });
});
