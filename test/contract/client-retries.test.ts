/**
 * Retries against the emulator's injected faults, counted in its call log: transient faults are retried until the
 * call succeeds, refusals are not retried, and writes that are not retry-safe are not re-sent after an ambiguous
 * failure.
 */
import type { ChatClient } from "../../provider/client/client";
import { ChatApiError, ChatRequestError } from "../../provider/errors";
import type { CallLogEntry } from "../../emulator";
import { ADD_SOURCE, type Harness, rejection, startHarness, users } from "../helpers/harness";
import { blackListAdd, blackListDelete, friendAdd, friendCheck } from "../helpers/calls";

let h: Harness;
/** Retries without waiting long: the backoff window starts at 1 ms. */
let client: ChatClient;
const peers = users("p", 6);

beforeAll(async () => {
  h = await startHarness();
  client = h.client({ maxAttempts: 10, retryBaseDelayMs: 1, retryMaxDelayMs: 20 });
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control.reset();
  await client.multiaccountImport(["alice", "bob", ...peers]);
  await client.friendImport(
    "alice",
    peers.map((To_Account) => ({ To_Account, AddSource: ADD_SOURCE })),
  );
  await h.control.clearCalls();
});

const remarkUpdate = (value: string) =>
  peers.map((To_Account) => ({ To_Account, SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: value }] }));
const faultsOf = (calls: CallLogEntry[]) => calls.map((c) => c.outcome.fault ?? "ok");

describe("transient faults are retried until the call succeeds", () => {
  test.each([
    ["internal errors 30006/30007", { errorRate: 0.5 }, "error"],
    ["HTTP 502 from a proxy", { http502Rate: 0.5 }, "http502"],
    ["dropped connections", { dropRate: 0.5 }, "drop"],
    ["top-level write conflicts 30008", { conflictRate: 0.5 }, "conflict"],
  ])("%s on friend_update", async (_name, faults, fault) => {
    await h.control.setFaults({ ...faults, commands: ["friend_update"], seed: 11 });
    for (let round = 0; round < 12; round += 1) {
      const results = await client.friendUpdate("alice", remarkUpdate(`v${round}`));
      expect(results.map((r) => r.ResultCode)).toEqual(peers.map(() => 0));
    }
    const calls = await h.control.calls("friend_update");
    const seen = faultsOf(calls);
    // Every round ended with one successful call; every faulty call was followed by another try.
    expect(seen.filter((f) => f === "ok")).toHaveLength(12);
    expect(seen.filter((f) => f === fault).length).toBeGreaterThan(0);
    expect(seen.every((f) => f === "ok" || f === fault)).toBe(true);
    expect(seen[seen.length - 1]).toBe("ok");
    if (fault === "error") {
      const codes = new Set(calls.filter((c) => c.outcome.fault === "error").map((c) => c.outcome.errorCode));
      expect([...codes].every((c) => c === 30006 || c === 30007)).toBe(true);
    }
    await h.control.setFaults({});
    const [info] = await client.friendGetList("alice", [peers[0]], ["Tag_SNS_IM_Remark"]);
    expect(info.SnsProfileItem).toEqual([{ Tag: "Tag_SNS_IM_Remark", Value: "v11" }]);
  });

  test("reads are retried on the same faults (friend_get_list, all of them at once)", async () => {
    await h.control.setFaults({
      errorRate: 0.2,
      http502Rate: 0.2,
      dropRate: 0.2,
      commands: ["friend_get_list"],
      seed: 5,
    });
    for (let round = 0; round < 10; round += 1) {
      expect(
        (await client.friendGetList("alice", peers, ["Tag_SNS_IM_AddSource"])).every((i) => i.ResultCode === 0),
      ).toBe(true);
    }
    const seen = faultsOf(await h.control.calls("friend_get_list"));
    expect(seen.filter((f) => f === "ok")).toHaveLength(10);
    expect(seen.length).toBeGreaterThan(10);
  });

  test("a per-item 30008 re-sends only that item (docs/concurrency.md#what-the-client-and-emulator-do)", async () => {
    await h.control.setFaults({ itemErrors: [{ command: "friend_update", toAccount: "p3", code: 30008, times: 2 }] });
    const results = await client.friendUpdate("alice", remarkUpdate("x"));
    expect(results.map((r) => [r.To_Account, r.ResultCode])).toEqual(peers.map((p) => [p, 0]));
    const calls = await h.control.calls("friend_update");
    expect(calls.map((c) => [c.itemCount, c.outcome.failedItems])).toEqual([
      [6, ["p3"]],
      [1, ["p3"]],
      [1, []],
    ]);
  });

  test("a per-item 30006 on friend_add re-sends only the failed item, even though friend_add is not retry-safe", async () => {
    await h.control.setFaults({ itemErrors: [{ command: "friend_add", toAccount: "p1", code: 30006, times: 1 }] });
    const results = await friendAdd(
      client,
      "bob",
      ["p0", "p1", "p2"].map((To_Account) => ({ To_Account, AddSource: ADD_SOURCE })),
      { force: true },
    );
    expect(results.map((r) => r.ResultCode)).toEqual([0, 0, 0]);
    expect((await h.control.calls("friend_add")).map((c) => c.itemCount)).toEqual([3, 1]);
  });

  test("a request that times out is retried, then gives up with RETRY_EXHAUSTED whose cause is TIMEOUT", async () => {
    await h.control.setFaults({ latencyMs: 400, commands: ["friend_get"] });
    const impatient = h.client({ requestTimeoutMs: 50, maxAttempts: 2, retryBaseDelayMs: 1 });
    const error = (await rejection(impatient.friendGetAll("alice"))) as ChatRequestError;
    expect(error).toMatchObject({ code: "RETRY_EXHAUSTED", command: "friend_get", attempts: 2, retryable: true });
    expect(error.cause).toMatchObject({ code: "TIMEOUT", outcomeUnknown: true });
    await h.control.setFaults({});
    // The emulator still logs the calls it finished after the client gave up.
    const deadline = Date.now() + 5_000;
    while ((await h.control.calls("friend_get")).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await h.control.calls("friend_get")).toHaveLength(2);
  });

  test("persistent faults end in RETRY_EXHAUSTED after maxAttempts requests", async () => {
    await h.control.setFaults({ errorRate: 1, commands: ["friend_get"] });
    const error = (await rejection(
      h.client({ maxAttempts: 3, retryBaseDelayMs: 1 }).friendGetAll("alice"),
    )) as ChatRequestError;
    expect(error).toBeInstanceOf(ChatRequestError);
    expect(error.code).toBe("RETRY_EXHAUSTED");
    expect((error.cause as ChatApiError).serviceCode).toBeGreaterThanOrEqual(30006);
    expect(await h.control.calls("friend_get")).toHaveLength(3);
  });
});

describe("what is not retried", () => {
  test("a top-level 30001 (unknown tag) is sent once", async () => {
    const error = await rejection(client.friendGetList("alice", peers, ["Tag_SNS_Custom_Nope"]));
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ serviceCode: 30001, retryable: false, command: "friend_get_list" });
    expect(await h.control.calls("friend_get_list")).toHaveLength(1);
  });

  test("a per-item 30001 is returned, not retried", async () => {
    const results = await client.friendUpdate("alice", [
      { To_Account: "bob", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "x" }] },
    ]);
    expect(results[0].ResultCode).toBe(30001);
    expect(await h.control.calls("friend_update")).toHaveLength(1);
  });

  test("an identifier that is not an App admin (60010) is sent once", async () => {
    const error = await rejection(h.client({ adminIdentifier: "bob" }).friendGetAll("alice"));
    expect(error).toMatchObject({ name: "ChatApiError", serviceCode: 60010, retryable: false });
    expect(error.message).toContain("not an App admin");
    expect(await h.control.calls()).toHaveLength(1);
  });

  test("friend_add whose connection drops after it was applied is not re-sent: the error says the outcome is unknown", async () => {
    await h.control.setFaults({ dropAfterApplyRate: 1, commands: ["friend_add"] });
    const error = await rejection(
      friendAdd(client, "alice", [{ To_Account: "bob", AddSource: ADD_SOURCE }], { force: true }),
    );
    expect(error).toBeInstanceOf(ChatRequestError);
    expect(error).toMatchObject({ code: "CONNECTION", command: "friend_add", retryable: true, outcomeUnknown: true });
    expect(error.message).toContain("may have been applied");
    expect(faultsOf(await h.control.calls("friend_add"))).toEqual(["dropAfterApply"]);
    await h.control.setFaults({});
    // It was applied: a blind re-send would have answered "already a friend".
    expect((await friendCheck(client, "alice", ["bob"], "CheckResult_Type_Both"))[0].Relation).toBe(
      "CheckResult_Type_BothWay",
    );
  });

  test.each([
    ["friend_import", (c: ChatClient) => c.friendImport("alice", [{ To_Account: "bob", AddSource: ADD_SOURCE }])],
    ["friend_delete", (c: ChatClient) => c.friendDelete("alice", ["p0"])],
    ["black_list_add", (c: ChatClient) => blackListAdd(c, "alice", ["bob"])],
    ["black_list_delete", (c: ChatClient) => blackListDelete(c, "alice", ["bob"])],
  ])("%s is not re-sent after HTTP 502 either", async (command, call) => {
    await h.control.setFaults({ http502Rate: 1, commands: [command] });
    const error = await rejection(call(client));
    expect(error).toMatchObject({ code: "HTTP_STATUS", httpStatus: 502, outcomeUnknown: true, retryable: true });
    expect(await h.control.calls(command)).toHaveLength(1);
  });
});
