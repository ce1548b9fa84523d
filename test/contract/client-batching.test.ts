/**
 * Over-limit input is split at each command's client limit (provider/commands), and the per-item results come back
 * merged in request order. The emulator's call log shows the requests actually sent.
 */
import type { ChatClient } from "../../provider/client/client";
import { ADD_SOURCE, type Harness, startHarness, users } from "../helpers/harness";
import { friendAdd, friendCheck } from "../helpers/calls";

let h: Harness;
let client: ChatClient;
const peers = users("p", 1001);

beforeAll(async () => {
  h = await startHarness();
  client = h.client();
  expect(await client.multiaccountImport(["alice", ...peers])).toEqual([]);
});
afterAll(() => h.close());
beforeEach(() => h.control.clearCalls());

const itemCounts = async (command: string) => (await h.control.calls(command)).map((c) => c.itemCount);

test("multiaccountImport of 1002 accounts was sent as 11 requests of at most 100", async () => {
  await h.control.clearCalls();
  expect(await client.multiaccountImport(["alice", ...peers])).toEqual([]);
  expect(await itemCounts("multiaccount_import")).toEqual([...Array(10).fill(100), 2]);
});

test("friendImport of 1001 friends: 1000 + 1, one result per item in order", async () => {
  const results = await client.friendImport(
    "alice",
    peers.map((To_Account) => ({ To_Account, AddSource: ADD_SOURCE })),
  );
  expect(results.map((r) => r.To_Account)).toEqual(peers);
  expect(results.every((r) => r.ResultCode === 0)).toBe(true);
  expect(await itemCounts("friend_import")).toEqual([1000, 1]);
  expect((await client.friendGetAll("alice")).friendNum).toBe(1001);
});

test("friendUpdate of 1001 items: 1000 + 1; per-item failures stay in their place", async () => {
  const targets = [...peers.slice(0, 500), "stranger", ...peers.slice(500)];
  const results = await client.friendUpdate(
    "alice",
    targets.map((To_Account) => ({ To_Account, SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: `r-${To_Account}` }] })),
  );
  expect(await itemCounts("friend_update")).toEqual([1000, 2]);
  expect(results.map((r) => r.To_Account)).toEqual(targets);
  expect(results.filter((r) => r.ResultCode !== 0).map((r) => [r.To_Account, r.ResultCode])).toEqual([
    ["stranger", 30001],
  ]);
  const sample = await client.friendGetList("alice", [peers[0], peers[1000]], ["Tag_SNS_IM_Remark"]);
  expect(sample.map((s) => s.SnsProfileItem)).toEqual([
    [{ Tag: "Tag_SNS_IM_Remark", Value: "r-p0" }],
    [{ Tag: "Tag_SNS_IM_Remark", Value: "r-p1000" }],
  ]);
});

test("friendUpdate of 1000 long items is split to stay under the service's 1 MiB body limit; every item applied", async () => {
  // The longest values the rules allow: a 96-byte remark and 32 lists of 30 bytes on each of 1000 friends.
  const groups = Array.from({ length: 32 }, (_, i) => `${String(i).padStart(2, "0")}${"g".repeat(28)}`);
  const items = peers.slice(0, 1000).map((To_Account) => ({
    To_Account,
    SnsItem: [
      { Tag: "Tag_SNS_IM_Remark", Value: "r".repeat(96) },
      { Tag: "Tag_SNS_IM_Group", Value: groups },
    ],
  }));
  expect(Buffer.byteLength(JSON.stringify({ From_Account: "alice", UpdateItem: items }))).toBeGreaterThan(1024 * 1024);
  const results = await client.friendUpdate("alice", items);
  expect(results.filter((r) => r.ResultCode !== 0)).toEqual([]);
  const counts = await itemCounts("friend_update");
  expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
  expect(counts.length).toBe(2);
  const state = await h.control.state();
  expect(state.accounts.alice.friends[peers[999]]).toMatchObject({ remark: "r".repeat(96), groups });
});

test("friendGetList of 250 friends: 100 + 100 + 50, in request order", async () => {
  const asked = [...peers.slice(0, 250)].reverse();
  const infos = await client.friendGetList("alice", asked, ["Tag_SNS_IM_AddSource"]);
  expect(infos.map((i) => i.To_Account)).toEqual(asked);
  expect(await itemCounts("friend_get_list")).toEqual([100, 100, 50]);
});

test("friendCheck of 1001: 1000 + 1", async () => {
  const checked = await friendCheck(client, "alice", peers, "CheckResult_Type_Single");
  expect(checked.every((c) => c.Relation === "CheckResult_Type_AWithB")).toBe(true);
  expect(await itemCounts("friend_check")).toEqual([1000, 1]);
});

test("friendAdd of 150: 100 + 50 (the client's chunk for an undocumented cap)", async () => {
  const adds = peers.slice(0, 150).map((To_Account) => ({ To_Account, AddSource: ADD_SOURCE }));
  const results = await friendAdd(client, "p1000", adds, { force: true, addType: "Add_Type_Single" });
  expect(results.map((r) => r.To_Account)).toEqual(peers.slice(0, 150));
  expect(await itemCounts("friend_add")).toEqual([100, 50]);
});

test("accountCheck and portraitGet of 150: 100 + 50", async () => {
  expect((await client.accountCheck(peers.slice(0, 150))).map((c) => c.UserID)).toEqual(peers.slice(0, 150));
  expect((await client.portraitGet(peers.slice(0, 150), ["Tag_Profile_IM_Nick"])).map((p) => p.To_Account)).toEqual(
    peers.slice(0, 150),
  );
  expect(await itemCounts("account_check")).toEqual([100, 50]);
  expect(await itemCounts("portrait_get")).toEqual([100, 50]);
});

test("friendDelete of 1001: 1000 + 1", async () => {
  const results = await client.friendDelete("alice", peers);
  expect(results.every((r) => r.ResultCode === 0)).toBe(true);
  expect(await itemCounts("friend_delete")).toEqual([1000, 1]);
  expect((await client.friendGetAll("alice")).friendNum).toBe(0);
});
