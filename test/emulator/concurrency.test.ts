import type { Clock } from "../../provider/clock";
import { startHarness, importFriends, type Harness } from "../helpers/harness";

/**
 * Write conflicts (30008, docs/concurrency.md#write-conflicts-30008) and per-command call-rate limits (60007,
 * docs/rest-api.md#call-rates) under concurrent calls.
 */

const remarkUpdate = (from: string, to: string, remark: string) => ({
  From_Account: from,
  UpdateItem: [{ To_Account: to, SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: remark }] }],
});
const codes = (responses: Array<{ json: { ErrorCode: number } }>) => responses.map((r) => r.json.ErrorCode).sort();

describe("write conflicts: a write to a user's chain while another is in flight answers 30008", () => {
  let h: Harness;
  beforeEach(async () => {
    // Latency keeps each write in flight long enough for the next to meet it.
    h = await startHarness({ faults: { latencyMs: 250 } });
    await h.control.seedAccounts([
      { userId: "alice", allowType: "AllowType_Type_AllowAny" },
      { userId: "bob", allowType: "AllowType_Type_AllowAny" },
      { userId: "carol", allowType: "AllowType_Type_AllowAny" },
      { userId: "dave", allowType: "AllowType_Type_AllowAny" },
    ]);
    await importFriends(h.http, "alice", ["bob"]);
    await importFriends(h.http, "carol", ["dave"]);
  });
  afterEach(() => h.close());

  test("two overlapping writes to one user: one succeeds, the other is a top-level 30008 and changes nothing", async () => {
    const [a, b] = await Promise.all([
      h.http.call("sns/friend_update", remarkUpdate("alice", "bob", "first")),
      h.http.call("sns/friend_update", remarkUpdate("alice", "bob", "second")),
    ]);
    expect(codes([a, b])).toEqual([0, 30008]);
    const loser = a.json.ErrorCode === 30008 ? a : b;
    const winner = loser === a ? "second" : "first";
    expect(loser.json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 30008, ErrorDisplay: "" });
    expect(loser.json).not.toHaveProperty("ResultItem");
    expect((await h.control.state()).accounts.alice.friends.bob.remark).toBe(winner);
  });

  test("a mutual write touches both users: Add_Type_Both from alice→carol overlaps carol's own update", async () => {
    const [add, upd] = await Promise.all([
      h.http.call("sns/friend_add", {
        From_Account: "alice",
        AddFriendItem: [{ To_Account: "carol", AddSource: "AddSource_Type_Web" }],
      }),
      h.http.call("sns/friend_update", remarkUpdate("carol", "dave", "x")),
    ]);
    expect(codes([add, upd])).toEqual([0, 30008]);
  });

  test("Add_Type_Single writes only the caller's chain, so it does not meet the peer's writes", async () => {
    const [add, upd] = await Promise.all([
      h.http.call("sns/friend_add", {
        From_Account: "alice",
        AddType: "Add_Type_Single",
        AddFriendItem: [{ To_Account: "carol", AddSource: "AddSource_Type_Web" }],
      }),
      h.http.call("sns/friend_update", remarkUpdate("carol", "dave", "x")),
    ]);
    expect(codes([add, upd])).toEqual([0, 0]);
  });

  test("writes to different users and reads during a write do not conflict", async () => {
    const results = await Promise.all([
      h.http.call("sns/friend_update", remarkUpdate("alice", "bob", "a")),
      h.http.call("sns/friend_update", remarkUpdate("carol", "dave", "c")),
      h.http.call("sns/friend_get_list", {
        From_Account: "alice",
        To_Account: ["bob"],
        TagList: ["Tag_SNS_IM_Remark"],
      }),
      h.http.call("sns/friend_check", {
        From_Account: "alice",
        To_Account: ["bob"],
        CheckType: "CheckResult_Type_Both",
      }),
    ]);
    expect(codes(results)).toEqual([0, 0, 0, 0]);
  });

  test("writes one after the other never conflict", async () => {
    for (const remark of ["1", "2", "3"]) {
      expect((await h.http.call("sns/friend_update", remarkUpdate("alice", "bob", remark))).json.ErrorCode).toBe(0);
    }
  });

  test("with conflictDetection off, overlapping writes all apply", async () => {
    const relaxed = await startHarness({ faults: { latencyMs: 100 }, conflictDetection: false });
    try {
      await relaxed.control.seedAccounts(["alice", "bob"]);
      await importFriends(relaxed.http, "alice", ["bob"]);
      const results = await Promise.all(
        ["1", "2", "3"].map((r) => relaxed.http.call("sns/friend_update", remarkUpdate("alice", "bob", r))),
      );
      expect(codes(results)).toEqual([0, 0, 0]);
    } finally {
      await relaxed.close();
    }
  });
});

describe("call-rate limits: per command per SDKAppID, 60007 beyond", () => {
  // A clock that stands still: every call lands in the same second, however slow the machine.
  let nowMs = Date.now();
  const clock: Clock = { now: () => nowMs };
  let h: Harness;
  beforeEach(async () => {
    nowMs = Date.now();
    h = await startHarness({ clock });
    await h.control.seedAccounts(["alice"]);
  });
  afterEach(() => h.close());

  const getList = () =>
    h.http.call("sns/friend_get_list", {
      From_Account: "alice",
      To_Account: ["alice"],
      TagList: ["Tag_SNS_IM_Remark"],
    });

  test("201 concurrent calls of one command in one second: exactly one answers 60007 (the default 200/s)", async () => {
    const results = await Promise.all(Array.from({ length: 201 }, getList));
    const limited = results.filter((r) => r.json.ErrorCode === 60007);
    expect(limited).toHaveLength(1);
    expect(limited[0].json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60007 });
    expect(limited[0].json).not.toHaveProperty("ErrorDisplay");
    expect(results.filter((r) => r.json.ErrorCode === 0)).toHaveLength(200);
    // Another command has its own budget; the same command is free again a second later.
    expect(
      (
        await h.http.call("sns/friend_check", {
          From_Account: "alice",
          To_Account: ["x"],
          CheckType: "CheckResult_Type_Single",
        })
      ).json.ErrorCode,
    ).toBe(0);
    expect((await getList()).json.ErrorCode).toBe(60007);
    nowMs += 1000;
    expect((await getList()).json.ErrorCode).toBe(0);
  });

  test("commands documented at 100/s (multiaccount_import) are limited at 100", async () => {
    const results = await Promise.all(
      Array.from({ length: 101 }, (_, i) =>
        h.http.call("im_open_login_svc/multiaccount_import", { Accounts: [`u${i}`] }),
      ),
    );
    expect(results.filter((r) => r.json.ErrorCode === 60007)).toHaveLength(1);
  });

  test("rateLimitPerSecond overrides every command's limit; refused calls do not use up the budget", async () => {
    const tight = await startHarness({ clock, rateLimitPerSecond: 5 });
    try {
      await tight.control.seedAccounts(["alice"]);
      const call = () => tight.http.call("sns/friend_get", { From_Account: "alice", StartIndex: 0 });
      const results = await Promise.all(Array.from({ length: 8 }, call));
      expect(codes(results)).toEqual([0, 0, 0, 0, 0, 60007, 60007, 60007]);
      nowMs += 1000;
      expect((await call()).json.ErrorCode).toBe(0);
    } finally {
      await tight.close();
    }
  });

  test("calls that fail authentication do not count", async () => {
    await Promise.all(
      Array.from({ length: 250 }, () =>
        h.http.call("sns/friend_get", { From_Account: "alice", StartIndex: 0 }, { query: { usersig: "" } }),
      ),
    );
    expect((await h.http.call("sns/friend_get", { From_Account: "alice", StartIndex: 0 })).json.ErrorCode).toBe(0);
  });
});
