/**
 * Unit-level fault sequences through undici's MockAgent: what the client does with each kind of answer, counted
 * request by request. Behaviour against the real emulator is in test/contract.
 */
import { inspect } from "node:util";
import { MockAgent } from "undici";
import { ChatClient } from "../../provider/client/client";
import { type ClientSettings, resolveClientConfig } from "../../provider/config/client-config";
import { catalog } from "../../provider/commands";
import { ChatApiError, ChatRequestError } from "../../provider/errors";
import { friendAdd, friendDeleteAll } from "../helpers/calls";

const ORIGIN = "http://127.0.0.1:5999";
const KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

interface Seen {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

type Reply = { status?: number; json?: unknown; text?: string } | { error: Error };

/** A client whose requests meet `replies` in order; every request is recorded in `seen`. */
function scripted(replies: Reply[], settings: ClientSettings = {}) {
  const agent = new MockAgent({ connections: 1 });
  agent.disableNetConnect();
  const seen: Seen[] = [];
  const pool = agent.get(ORIGIN);
  for (const reply of replies) {
    const scope = pool.intercept({ path: (p: string) => p.startsWith("/v4/"), method: "POST" });
    if ("error" in reply) {
      scope.replyWithError(reply.error);
      continue;
    }
    scope.reply((opts) => {
      const url = new URL(opts.path, ORIGIN);
      seen.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(String(opts.body)) });
      const data = reply.text ?? JSON.stringify(reply.json ?? { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" });
      return { statusCode: reply.status ?? 200, data };
    });
  }
  const config = resolveClientConfig({
    sdkAppId: 1400000000,
    secretKey: KEY,
    endpoint: ORIGIN,
    maxAttempts: 4,
    ...settings,
  });
  // random 0: every backoff wait is 0 ms, so the sequences run at once.
  const client = new ChatClient(config, { dispatcher: agent, random: () => 0 });
  return { client, seen, agent };
}

function socketError(code: string): Error {
  return Object.assign(
    new Error(code === "ECONNREFUSED" ? "connect ECONNREFUSED 127.0.0.1:5999" : "other side closed"),
    { code },
  );
}

const ok = (fields: Record<string, unknown> = {}) => ({
  json: { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", ...fields },
});
const fail = (code: number, info = "") => ({
  json: { ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: info, ErrorDisplay: "" },
});
const items = (codes: Record<string, number>) =>
  ok({
    ResultItem: Object.entries(codes).map(([To_Account, ResultCode]) => ({
      To_Account,
      ResultCode,
      ResultInfo: ResultCode ? "Err" : "",
    })),
    ...(Object.values(codes).some((c) => c !== 0)
      ? { Fail_Account: Object.keys(codes).filter((k) => codes[k] !== 0) }
      : {}),
  });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("request format (docs/rest-api.md#url-and-query-parameters)", () => {
  test("POSTs JSON to v4/<service>/<command> with the five query parameters and a fresh random each time", async () => {
    const { client, seen } = scripted([ok(), ok()]);
    await client.accountImport("alice", { nick: "Alice" });
    await client.accountImport("alice");
    expect(seen[0].path).toBe("/v4/im_open_login_svc/account_import");
    expect(seen[0].body).toEqual({ UserID: "alice", Nick: "Alice" });
    const q = seen[0].query;
    expect([q.get("sdkappid"), q.get("identifier"), q.get("contenttype")]).toEqual([
      "1400000000",
      "administrator",
      "json",
    ]);
    expect(q.get("usersig")).toMatch(/^[A-Za-z0-9*\-_]+$/);
    const randoms = seen.map((s) => Number(s.query.get("random")));
    for (const r of randoms) expect(Number.isInteger(r) && r >= 0 && r <= 4294967295).toBe(true);
    expect(randoms[0]).not.toBe(randoms[1]);
  });

  test("a body that does not match the command's request shape is refused before sending", async () => {
    const { client, seen } = scripted([]);
    const error = await rejection(client.send(catalog.friendUpdate, { From_Account: "a" } as never));
    expect(error).toMatchObject({ code: "INVALID_REQUEST", command: "friend_update" });
    expect(error.message).toContain("UpdateItem");
    expect(seen).toHaveLength(0);
  });
});

describe("whole-request retries", () => {
  test.each([
    ["HTTP 502 with an HTML body", { status: 502, text: "<html>Bad Gateway</html>" }],
    ["30006 internal error", fail(30006)],
    ["30007 timeout", fail(30007)],
    ["30008 write conflict", fail(30008)],
    ["a 200 that is not JSON", { text: "<html>oops</html>" }],
    ["a dropped connection", { error: socketError("UND_ERR_SOCKET") }],
  ])("a retry-safe command is re-sent after %s", async (_name, first) => {
    const { client, agent } = scripted([first as Reply, items({ bob: 0 })]);
    const results = await client.friendUpdate("alice", [
      { To_Account: "bob", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "B" }] },
    ]);
    expect(results).toEqual([{ To_Account: "bob", ResultCode: 0, ResultInfo: "" }]);
    agent.assertNoPendingInterceptors();
  });

  test("a command that is not retry-safe is re-sent after a failure the service reported (30006)", async () => {
    const { client, seen } = scripted([fail(30006), items({ bob: 0 })]);
    expect(await friendAdd(client, "alice", [{ To_Account: "bob", AddSource: "AddSource_Type_Test" }])).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });

  test("a connection refused before sending is retried even for friend_add (nothing reached the service)", async () => {
    const { client, seen } = scripted([{ error: socketError("ECONNREFUSED") }, items({ bob: 0 })]);
    await friendAdd(client, "alice", [{ To_Account: "bob", AddSource: "AddSource_Type_Test" }]);
    expect(seen).toHaveLength(1);
  });

  test.each([
    ["a dropped connection", { error: socketError("UND_ERR_SOCKET") }, "CONNECTION"],
    ["HTTP 502", { status: 502, text: "Bad Gateway" }, "HTTP_STATUS"],
  ])(
    "friend_add is not blindly re-sent after %s: the error says the outcome is unknown",
    async (_name, first, code) => {
      const { client, agent } = scripted([first as Reply, items({ bob: 0 })]);
      const error = await rejection(
        friendAdd(client, "alice", [{ To_Account: "bob", AddSource: "AddSource_Type_Test" }]),
      );
      expect(error).toBeInstanceOf(ChatRequestError);
      expect(error).toMatchObject({ code, command: "friend_add", retryable: true, outcomeUnknown: true });
      // The second reply was never asked for.
      expect(agent.pendingInterceptors()).toHaveLength(1);
    },
  );

  test("60008 on friend_delete surfaces as a ChatApiError whose outcome is unknown", async () => {
    const { client, seen } = scripted([fail(60008, "service timeout"), items({ bob: 0 })]);
    const error = await rejection(client.friendDelete("alice", ["bob"]));
    expect(error).toMatchObject({ serviceCode: 60008, retryable: true, outcomeUnknown: true });
    expect(seen).toHaveLength(1);
  });

  test.each([30001, 60010, 70009, 70003, 70013, 30004])("%i is never retried", async (code) => {
    const { client, seen } = scripted([fail(code), ok()]);
    const error = await rejection(friendDeleteAll(client, "alice"));
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ serviceCode: code, command: "friend_delete_all", retryable: false });
    expect(seen).toHaveLength(1);
  });

  test("gives up after maxAttempts with RETRY_EXHAUSTED carrying the last error", async () => {
    const { client, seen } = scripted([fail(30006), fail(30006), fail(30007), ok()], { maxAttempts: 3 });
    const error = (await rejection(friendDeleteAll(client, "alice"))) as ChatRequestError;
    expect(error).toMatchObject({
      code: "RETRY_EXHAUSTED",
      command: "friend_delete_all",
      attempts: 3,
      retryable: true,
    });
    expect(error.cause).toBeInstanceOf(ChatApiError);
    expect((error.cause as ChatApiError).serviceCode).toBe(30007);
    expect(seen).toHaveLength(3);
  });

  test("70001 (UserSig expired): signs again and re-sends once; a second 70001 is surfaced", async () => {
    const once = scripted([fail(70001), ok()]);
    await friendDeleteAll(once.client, "alice");
    expect(once.seen).toHaveLength(2);

    const twice = scripted([fail(70001), fail(70001), ok()]);
    const error = await rejection(friendDeleteAll(twice.client, "alice"));
    expect(error).toMatchObject({ serviceCode: 70001, retryable: true });
    expect(twice.seen).toHaveLength(2);
  });
});

describe("responses", () => {
  test("unknown fields are kept, and envelope fields an answer leaves out default", async () => {
    const { client } = scripted([{ json: { ActionStatus: "OK", FriendNum: 0, CompleteFlag: 1, RequestId: "Id-1" } }]);
    const page = await client.send(catalog.friendGet, { From_Account: "alice", StartIndex: 0 });
    expect(page).toMatchObject({
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      RequestId: "Id-1",
      UserDataItem: [],
    });
  });

  test("a 200 with neither ActionStatus nor ErrorCode is not an answer: retried for reads", async () => {
    const { client, seen } = scripted([{ json: {} }, { json: { FriendNum: 0, CompleteFlag: 1, ErrorCode: 0 } }], {
      maxAttempts: 2,
    });
    const page = await client.send(catalog.friendGet, { From_Account: "alice", StartIndex: 0 });
    expect(page.FriendNum).toBe(0);
    expect(seen).toHaveLength(2);
  });

  test("an empty object answering a write leaves its outcome unknown and is not re-sent", async () => {
    const { client, seen } = scripted([{ json: {} }, items({ bob: 0 })]);
    const error = await rejection(client.friendDelete("alice", ["bob"]));
    expect(error).toMatchObject({ code: "INVALID_RESPONSE", retryable: true, outcomeUnknown: true });
    expect(error.message).toContain("neither ActionStatus nor ErrorCode");
    expect(seen).toHaveLength(1);
  });

  test("a JSON body of the wrong shape is INVALID_RESPONSE, not a crash, and is not retried", async () => {
    const { client, seen } = scripted([ok({ ResultItem: [{ To_Account: 7, ResultCode: "zero" }] }), items({ bob: 0 })]);
    const error = await rejection(client.friendDelete("alice", ["bob"]));
    expect(error).toMatchObject({ code: "INVALID_RESPONSE", command: "friend_delete", retryable: false });
    expect(error.message).toContain("ResultItem.0.To_Account");
    expect(seen).toHaveLength(1);
  });

  test("a response missing an item's result is INVALID_RESPONSE", async () => {
    const { client } = scripted([items({ bob: 0 })]);
    const error = await rejection(client.friendDelete("alice", ["bob", "carol"]));
    expect(error).toMatchObject({ code: "INVALID_RESPONSE" });
    expect(error.message).toContain('"carol"');
  });
});

describe("per-item results", () => {
  test("only items with a transient code are re-sent, and results come back in request order", async () => {
    const { client, seen } = scripted([
      // The service answers in its own order.
      items({ dave: 30001, carol: 0, bob: 30008, erin: 30006 }),
      items({ erin: 0, bob: 30008 }),
      items({ bob: 0 }),
    ]);
    const update = (to: string) => ({ To_Account: to, SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: to }] });
    const results = await client.friendUpdate("alice", ["bob", "carol", "dave", "erin"].map(update));
    expect(results.map((r) => [r.To_Account, r.ResultCode])).toEqual([
      ["bob", 0],
      ["carol", 0],
      ["dave", 30001],
      ["erin", 0],
    ]);
    expect(seen.map((s) => (s.body.UpdateItem as { To_Account: string }[]).map((i) => i.To_Account))).toEqual([
      ["bob", "carol", "dave", "erin"],
      ["bob", "erin"],
      ["bob"],
    ]);
  });

  test("per-item failures that persist are returned after the budget, not thrown", async () => {
    const { client, seen } = scripted([items({ bob: 30006 }), items({ bob: 30006 })], { maxAttempts: 2 });
    expect(await client.friendDelete("alice", ["bob"])).toEqual([
      { To_Account: "bob", ResultCode: 30006, ResultInfo: "Err" },
    ]);
    expect(seen).toHaveLength(2);
  });

  test("over-limit input is split at the command's client limit", async () => {
    const names = Array.from({ length: 250 }, (_, i) => `u${i}`);
    const replies = [names.slice(0, 100), names.slice(100, 200), names.slice(200)].map((chunk) =>
      ok({ InfoItem: chunk.map((To_Account) => ({ To_Account, SnsProfileItem: [], ResultCode: 0, ResultInfo: "" })) }),
    );
    const { client, seen } = scripted(replies);
    const results = await client.friendGetList("alice", names, ["Tag_SNS_IM_Remark"]);
    expect(results.map((r) => r.To_Account)).toEqual(names);
    expect(seen.map((s) => (s.body.To_Account as string[]).length)).toEqual([100, 100, 50]);
  });

  test("a closed client refuses calls at once, without retrying", async () => {
    const { client, seen } = scripted([ok()]);
    await client.close();
    await expect(friendDeleteAll(client, "alice")).rejects.toMatchObject({
      code: "CONNECTION",
      retryable: false,
      message: "friend_delete_all: the client is closed",
    });
    expect(seen).toHaveLength(0);
  });

  test("empty input sends nothing", async () => {
    const { client, seen } = scripted([]);
    expect(await client.friendUpdate("alice", [])).toEqual([]);
    expect(seen).toHaveLength(0);
  });
});

describe("secrets stay out of errors and printing", () => {
  test("errors, the client and its config never contain the key or the UserSig", async () => {
    const { client, seen } = scripted([
      fail(70009, "Err_Sig_Check"),
      { status: 502, text: "bad gateway" },
      { error: socketError("UND_ERR_SOCKET") },
    ]);
    const errors = [
      await rejection(friendDeleteAll(client, "alice")),
      await rejection(friendAdd(client, "alice", [{ To_Account: "b", AddSource: "AddSource_Type_X" }])),
      await rejection(friendAdd(client, "alice", [{ To_Account: "b", AddSource: "AddSource_Type_X" }])),
    ];
    const userSig = seen[0].query.get("usersig") as string;
    expect(userSig.length).toBeGreaterThan(20);
    const printed = [
      ...errors.flatMap((e) => [
        String(e),
        e.message,
        e.stack ?? "",
        JSON.stringify(e),
        inspect(e, { depth: 10, showHidden: true }),
      ]),
      String(client),
      JSON.stringify(client),
      inspect(client, { depth: 10 }),
      inspect(client, { depth: 10, showHidden: true, customInspect: false }),
      JSON.stringify({ client }),
    ];
    for (const text of printed) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(userSig);
    }
    expect((errors[0] as ChatApiError).url).toContain("usersig=REDACTED");
    expect(errors[0].message).toContain("secret key does not match");
  });
});
