import type { Clock } from "../../provider/clock";
import { ChatHttp, handMadeUserSig } from "../helpers/raw-http";
import { startHarness, type Harness } from "../helpers/harness";

/** Authentication and gateway errors over HTTP, in the order and with the codes of docs/error-codes.md#authentication-failures. */

// A clock the test moves: UserSig expiry is checked against it.
let nowMs = Date.now();
const clock: Clock = { now: () => nowMs };
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock, adminIdentifiers: ["administrator", "ops_admin"] });
  await h.control.seedAccounts(["alice", "bob"]);
});
afterAll(() => h.close());
beforeEach(() => {
  nowMs = Date.now();
});

const body = { CheckItem: [{ UserID: "alice" }] };
const path = "im_open_login_svc/account_check";
const expectFail = (json: Record<string, unknown>, code: number) => {
  expect(json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: code });
  expect(typeof json.ErrorInfo).toBe("string");
};

test("a correctly signed admin call succeeds", async () => {
  const res = await h.http.call(path, body);
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({
    ActionStatus: "OK",
    ErrorCode: 0,
    ResultItem: [{ UserID: "alice", AccountStatus: "Imported" }],
  });
});

test("any listed admin may call, each with its own UserSig", async () => {
  const ops = ChatHttp.for(h.emulator, { identifier: "ops_admin" });
  try {
    expect((await ops.call(path, body)).json.ActionStatus).toBe("OK");
  } finally {
    await ops.close();
  }
});

describe("each authentication failure answers its own code with HTTP 200", () => {
  test("sdkappid missing from the URL: 60012", async () => {
    const res = await h.http.call(path, body, { query: { sdkappid: null } });
    expect(res.status).toBe(200);
    expectFail(res.json, 60012);
  });

  test("sdkappid unknown or not a number: 60006", async () => {
    expectFail((await h.http.call(path, body, { query: { sdkappid: "1400000001" } })).json, 60006);
    expectFail((await h.http.call(path, body, { query: { sdkappid: "abc" } })).json, 60006);
  });

  test("identifier or usersig missing: 60004", async () => {
    expectFail((await h.http.call(path, body, { query: { identifier: null } })).json, 60004);
    expectFail((await h.http.call(path, body, { query: { usersig: null } })).json, 60004);
  });

  test("usersig present but empty: 70002", async () => {
    expectFail((await h.http.call(path, body, { query: { usersig: "" } })).json, 70002);
  });

  test("usersig that cannot be decoded: 70003", async () => {
    expectFail((await h.http.call(path, body, { query: { usersig: "eJyrVgrxCdYrSy1Ssl" } })).json, 70003);
    expectFail((await h.http.call(path, body, { query: { usersig: "%%%" } })).json, 70003);
  });

  test("UserSig made for another SDKAppID: 70014", async () => {
    const other = new ChatHttp(h.emulator.url, { sdkAppId: 1400000099 });
    try {
      // The URL names this app; the sig inside names 1400000099.
      expectFail((await other.call(path, body, { query: { sdkappid: "1400000000" } })).json, 70014);
    } finally {
      await other.close();
    }
  });

  test("identifier in the URL differs from the one in the UserSig: 70013", async () => {
    expectFail((await h.http.call(path, body, { query: { identifier: "ops_admin" } })).json, 70013);
  });

  test("expired UserSig: 70001, judged by the emulator's clock", async () => {
    const sig = handMadeUserSig(h.http.creds, { time: Math.floor(nowMs / 1000) - 100, expire: 60 });
    expectFail((await h.http.call(path, body, { query: { usersig: sig } })).json, 70001);
    // The same sig was valid while the clock was inside its window.
    nowMs -= 80_000;
    expect((await h.http.call(path, body, { query: { usersig: sig } })).json.ActionStatus).toBe("OK");
  });

  test("UserSig signed with another key: 70009", async () => {
    const forged = new ChatHttp(h.emulator.url, { secretKey: "not-the-app-key" });
    try {
      expectFail((await forged.call(path, body)).json, 70009);
    } finally {
      await forged.close();
    }
  });

  test("valid UserSig of a user who is not an App admin: 60010", async () => {
    const user = ChatHttp.for(h.emulator, { identifier: "alice" });
    try {
      expectFail((await user.call(path, body)).json, 60010);
    } finally {
      await user.close();
    }
  });

  test("checks run in the order of docs/error-codes.md#authentication-failures: an expired sig of a non-admin is 70001, an unknown app beats a bad sig", async () => {
    const user = ChatHttp.for(h.emulator, { identifier: "alice" });
    try {
      nowMs += 2 * 86400_000;
      expectFail((await user.call(path, body)).json, 70001);
      expectFail((await user.call(path, body, { query: { sdkappid: "42", usersig: "" } })).json, 60006);
    } finally {
      await user.close();
    }
  });

  test("gateway errors carry no ErrorDisplay and never echo the UserSig", async () => {
    const res = await h.http.call(path, body, { query: { identifier: "ops_admin" } });
    expect(res.json).not.toHaveProperty("ErrorDisplay");
    expect(res.text).not.toContain(h.http.userSig());
    expect(res.text).not.toContain("emulator-local-secret");
  });
});

describe("malformed requests (docs/error-codes.md#authentication-failures)", () => {
  test("a non-POST answers 60002", async () => {
    const res = await h.http.call(path, undefined, { method: "GET" });
    expect(res.status).toBe(200);
    expectFail(res.json, 60002);
  });

  test('a bare GET of the base URL answers 60002 "HTTP parse Error"', async () => {
    const res = await h.http.call("/", undefined, { method: "GET" });
    expectFail(res.json, 60002);
    expect(res.json.ErrorInfo).toMatch(/^HTTP parse Error/);
  });

  test("an unknown command or service answers 60009", async () => {
    expectFail((await h.http.call("sns/friend_teleport", {})).json, 60009);
    expectFail((await h.http.call("nosuchsvc/friend_add", {})).json, 60009);
    expectFail((await h.http.call("/v3/sns/friend_add", {})).json, 60009);
  });

  test("a body that is not a JSON object, or is empty, answers 60003", async () => {
    expectFail((await h.http.call(path, undefined, { rawBody: "{not json" })).json, 60003);
    expectFail((await h.http.call(path, undefined, { rawBody: "" })).json, 60003);
    expectFail((await h.http.call(path, undefined, { rawBody: "[1]" })).json, 60003);
  });

  test("authentication is checked before the body: a bad sig with a bad body is 70009", async () => {
    const forged = new ChatHttp(h.emulator.url, { secretKey: "nope" });
    try {
      expectFail((await forged.call(path, undefined, { rawBody: "{oops" })).json, 70009);
    } finally {
      await forged.close();
    }
  });

  test("no Content-Type is required, and contenttype/random may be missing", async () => {
    const res = await h.http.call(path, body, { query: { contenttype: null, random: null } });
    expect(res.json.ActionStatus).toBe("OK");
  });

  test("a body of the wrong shape answers the family's invalid-parameter code", async () => {
    expectFail((await h.http.call(path, { CheckItem: "alice" })).json, 70402);
    const sns = await h.http.call("sns/friend_get", { From_Account: "alice" });
    expectFail(sns.json, 30001);
    expect(sns.json.ErrorInfo).toContain("StartIndex");
    expect(sns.json.ErrorDisplay).toBe("");
    expectFail((await h.http.call("profile/portrait_get", { To_Account: ["alice"] })).json, 40001);
  });
});
