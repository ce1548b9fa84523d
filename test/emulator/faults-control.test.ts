import { startHarness, importFriends, type Harness } from "../helpers/harness";

/** Fault injection (each kind, set at start or at run time) and the control routes under /_emulator/. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.control.seedAccounts(["alice", "bob", "carol"]);
  await importFriends(h.http, "alice", ["bob"]);
  await h.control.clearCalls();
});
afterEach(() => h.close());

const remark = async () => (await h.control.state()).accounts.alice.friends.bob.remark;
const setRemark = (value: string) =>
  h.http.call("sns/friend_update", {
    From_Account: "alice",
    UpdateItem: [{ To_Account: "bob", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: value }] }],
  });

describe("fault injection", () => {
  test("errorRate: calls answer 30006 or 30007 (sns) and change nothing", async () => {
    await h.control.setFaults({ errorRate: 1 });
    const results = await Promise.all(Array.from({ length: 10 }, () => setRemark("x")));
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ ActionStatus: "FAIL", ErrorDisplay: "" });
      expect([30006, 30007]).toContain(r.json.ErrorCode);
    }
    expect(await remark()).toBe("");
    expect((await h.control.calls("friend_update")).every((c) => c.outcome.fault === "error")).toBe(true);
  });

  test("errorRate uses each family's internal errors, or the codes given", async () => {
    await h.control.setFaults({ errorRate: 1 });
    expect(
      (await h.http.call("profile/portrait_get", { To_Account: ["alice"], TagList: ["Tag_Profile_IM_Nick"] })).json
        .ErrorCode,
    ).toBe(40006);
    expect([70169, 70500]).toContain(
      (await h.http.call("im_open_login_svc/account_check", { CheckItem: [{ UserID: "alice" }] })).json.ErrorCode,
    );
    await h.control.setFaults({ errorRate: 1, errorCodes: [30007] });
    expect((await setRemark("x")).json.ErrorCode).toBe(30007);
  });

  test("http502Rate: HTTP 502 with an HTML body, nothing applied", async () => {
    await h.control.setFaults({ http502Rate: 1 });
    const res = await setRemark("x");
    expect(res.status).toBe(502);
    expect(res.contentType).toMatch(/text\/html/);
    expect(res.json).toBeUndefined();
    expect(await remark()).toBe("");
    expect((await h.control.calls())[0].outcome).toMatchObject({ httpStatus: 502, errorCode: null, fault: "http502" });
  });

  test("dropRate: the connection is destroyed without a response and nothing is applied", async () => {
    await h.control.setFaults({ dropRate: 1 });
    await expect(setRemark("x")).rejects.toThrow();
    expect(await remark()).toBe("");
    expect((await h.control.calls())[0].outcome).toMatchObject({ httpStatus: null, errorCode: null, fault: "drop" });
  });

  test("dropAfterApplyRate: the connection is destroyed after the write took effect", async () => {
    await h.control.setFaults({ dropAfterApplyRate: 1 });
    await expect(setRemark("applied")).rejects.toThrow();
    expect(await remark()).toBe("applied");
  });

  test("conflictRate: writes answer 30008, reads are untouched", async () => {
    await h.control.setFaults({ conflictRate: 1 });
    expect((await setRemark("x")).json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 30008 });
    expect((await h.http.call("sns/friend_get", { From_Account: "alice", StartIndex: 0 })).json.ErrorCode).toBe(0);
    expect(await remark()).toBe("");
  });

  test("latencyMs holds writes in flight: with 0 concurrent writes to one user all apply, with latency they meet (30008)", async () => {
    const burst = async () =>
      (await Promise.all(Array.from({ length: 6 }, (_, i) => setRemark(String(i))))).map((r) => r.json.ErrorCode);
    expect(await burst()).toEqual([0, 0, 0, 0, 0, 0]);
    await h.control.setFaults({ latencyMs: 250 });
    expect((await burst()).filter((c) => c === 30008).length).toBeGreaterThanOrEqual(1);
  });

  test("commands restricts rate faults and latency to the named commands", async () => {
    await h.control.setFaults({ errorRate: 1, commands: ["friend_update"] });
    expect((await setRemark("x")).json.ErrorCode).not.toBe(0);
    expect((await h.http.call("sns/friend_get", { From_Account: "alice", StartIndex: 0 })).json.ErrorCode).toBe(0);
    // Latency on friend_get only: concurrent friend_updates are not held in flight, so they never meet.
    await h.control.setFaults({ latencyMs: 250, commands: ["friend_get"] });
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => setRemark(String(i))));
    expect(burst.map((r) => r.json.ErrorCode)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test("itemErrors force per-item failures, here a per-item 30008, spent after `times` uses", async () => {
    await h.control.setFaults({ itemErrors: [{ command: "friend_update", toAccount: "bob", code: 30008, times: 1 }] });
    const first = await setRemark("x");
    expect(first.json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0, Fail_Account: ["bob"] });
    expect(first.json.ResultItem[0]).toEqual({
      To_Account: "bob",
      ResultCode: 30008,
      ResultInfo: "Err_SNS_Write_Conflict",
    });
    expect(await remark()).toBe("");
    expect((await setRemark("y")).json.ResultItem[0].ResultCode).toBe(0);
    expect(await remark()).toBe("y");
  });

  test("a seed makes the sequence of faults repeat exactly", async () => {
    const run = async () => {
      await h.control.setFaults({ errorRate: 0.5, http502Rate: 0.1, seed: 42 });
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++) {
        const r = await h.http.call("sns/friend_get", { From_Account: "alice", StartIndex: 0 });
        outcomes.push(r.status === 502 ? "502" : String(r.json.ErrorCode));
      }
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThanOrEqual(2);
  });

  test("faults can be set at start, read back, and invalid settings are refused with 400 naming the setting", async () => {
    const faulty = await startHarness({ faults: { errorRate: 1, seed: 7 } });
    try {
      expect(await faulty.control.faults()).toEqual({ errorRate: 1, seed: 7 });
      expect((await faulty.http.call("sns/friend_get", { From_Account: "x", StartIndex: 0 })).json.ErrorCode).not.toBe(
        0,
      );
      const bad = await faulty.control.raw("PUT", "faults", { errorRate: 2 });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.json)).toContain("errorRate");
      expect((await faulty.control.raw("PUT", "faults", { jitter: 1 })).status).toBe(400);
      // reset restores the start-up settings.
      await faulty.control.setFaults({});
      await faulty.control.reset();
      expect(await faulty.control.faults()).toEqual({ errorRate: 1, seed: 7 });
    } finally {
      await faulty.close();
    }
  });
});

describe("control routes", () => {
  test("GET /_emulator/calls: command, account, item count and outcome of every /v4 call; filter; DELETE clears", async () => {
    await h.http.call("sns/friend_update", {
      From_Account: "alice",
      UpdateItem: [
        { To_Account: "bob", SnsItem: [] },
        { To_Account: "carol", SnsItem: [] },
      ],
    });
    await h.http.call("sns/friend_get", { From_Account: "alice", StartIndex: 0 }, { query: { usersig: "" } });
    const calls = await h.control.calls();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      command: "friend_update",
      fromAccount: "alice",
      itemCount: 2,
      outcome: { httpStatus: 200, errorCode: 0, failedItems: ["carol"] },
    });
    // Refused on its query, so its body was never read: no account, no body (docs/rest-api.md#body).
    expect(calls[1]).toMatchObject({
      command: "friend_get",
      fromAccount: null,
      itemCount: 0,
      body: null,
      outcome: { errorCode: 70002, failedItems: [] },
    });
    expect(await h.control.calls("friend_get")).toHaveLength(1);
    // The log keeps bodies, never URLs: no UserSig in it.
    expect(JSON.stringify(calls)).not.toContain(h.http.userSig());
    await h.control.clearCalls();
    expect(await h.control.calls()).toEqual([]);
  });

  test("GET /_emulator/state dumps state; PUT loads a dump; POST /_emulator/reset empties it", async () => {
    const dump = await h.control.state();
    expect(dump).toMatchObject({ format: "tencent-chat-emulator/state@1", sdkAppId: 1400000000 });
    expect(Object.keys(dump.accounts)).toEqual(["alice", "bob", "carol"]);
    await h.control.reset();
    expect((await h.control.state()).accounts).toEqual({});
    expect((await h.http.call("sns/friend_get", { From_Account: "alice", StartIndex: 0 })).json.ErrorCode).toBe(30003);
    await h.control.loadState(dump);
    expect(await h.control.state()).toEqual(dump);
    expect((await h.http.ok("sns/friend_get", { From_Account: "alice", StartIndex: 0 })).FriendNum).toBe(1);
    expect((await h.control.raw("PUT", "state", { nope: true })).status).toBe(400);
  });

  test("POST /_emulator/accounts seeds accounts with optional nick and AllowType, reporting refused ids", async () => {
    const refused = await h.control.seedAccounts([
      { userId: "dora", nick: "Dora", allowType: "AllowType_Type_DenyAny" },
      "u".repeat(33),
    ]);
    expect(refused).toEqual(["u".repeat(33)]);
    expect((await h.control.state()).accounts.dora.profile).toEqual({
      Tag_Profile_IM_Nick: "Dora",
      Tag_Profile_IM_AllowType: "AllowType_Type_DenyAny",
    });
  });

  test("GET /_emulator/info describes the app without its key; unknown routes 404, wrong methods 405", async () => {
    const info = await h.control.info();
    expect(info).toMatchObject({ sdkAppId: 1400000000, adminIdentifiers: ["administrator"], conflictDetection: true });
    expect(JSON.stringify(info)).not.toContain("emulator-local-secret");
    expect((await h.control.raw("GET", "nope")).status).toBe(404);
    expect((await h.control.raw("DELETE", "state")).status).toBe(405);
  });

  test("control calls are not /v4 calls: no auth, no call log, no faults", async () => {
    await h.control.setFaults({ http502Rate: 1, dropRate: 1 });
    expect((await h.control.state()).accounts).toHaveProperty("alice");
    expect(await h.control.calls()).toEqual([]);
  });
});

describe("call log retention", () => {
  test("the log keeps callLogLimit entries; bodies only for the newest 1000", async () => {
    const small = await startHarness({ callLogLimit: 1100, rateLimitPerSecond: 100000 });
    try {
      await small.control.seedAccounts(["alice"]);
      for (let i = 0; i < 1200; i += 100) {
        await Promise.all(
          Array.from({ length: 100 }, (_, j) =>
            small.http.call("sns/friend_get", { From_Account: "alice", StartIndex: i + j }),
          ),
        );
      }
      const calls = await small.control.calls();
      expect(calls).toHaveLength(1100);
      expect(calls[calls.length - 1].seq).toBe(1200);
      expect(calls.filter((c) => c.body !== null)).toHaveLength(1000);
      expect(calls[99].body).toBeNull();
      expect(calls[100].body).toMatchObject({ From_Account: "alice" });
    } finally {
      await small.close();
    }
  });
});
