/**
 * Every typed method of ChatClient against the real emulator over HTTP: what a user of the client relies on each
 * method to do, checked through the client's own reads and the emulator's call log.
 */
import type { ChatClient } from "../../provider/client/client";
import { ADD_SOURCE, type Harness, startHarness } from "../helpers/harness";
import {
  blackListAdd,
  blackListCheck,
  blackListDelete,
  blackListGet,
  friendAdd,
  friendCheck,
  friendDeleteAll,
  groupAdd,
  groupDelete,
  groupGet,
} from "../helpers/calls";

let h: Harness;
let client: ChatClient;

beforeAll(async () => {
  h = await startHarness();
  client = h.client();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control.reset();
  await client.multiaccountImport(["alice", "bob", "carol", "dave", "erin"]);
});

const remarkOf = (item: { SnsProfileItem: { Tag: string; Value: unknown }[] }) =>
  item.SnsProfileItem.find((t) => t.Tag === "Tag_SNS_IM_Remark")?.Value;

describe("accounts", () => {
  test("accountImport is idempotent and accountCheck reports imported and unknown accounts", async () => {
    await client.accountImport("frank", { nick: "Frank", faceUrl: "https://example.com/f.png" });
    await client.accountImport("frank");
    const checked = await client.accountCheck(["frank", "ghost", "alice"]);
    expect(checked.map((c) => [c.UserID, c.ResultCode, c.AccountStatus])).toEqual([
      ["frank", 0, "Imported"],
      ["ghost", 0, "NotImported"],
      ["alice", 0, "Imported"],
    ]);
    const [profile] = await client.portraitGet(["frank"], ["Tag_Profile_IM_Nick", "Tag_Profile_IM_Image"]);
    expect(profile.ProfileItem).toEqual(
      expect.arrayContaining([
        { Tag: "Tag_Profile_IM_Nick", Value: "Frank" },
        { Tag: "Tag_Profile_IM_Image", Value: "https://example.com/f.png" },
      ]),
    );
  });

  test("multiaccountImport returns only the accounts that failed", async () => {
    const tooLong = "x".repeat(33);
    expect(await client.multiaccountImport(["gina", "alice", tooLong])).toEqual([tooLong]);
    expect((await client.accountCheck(["gina"]))[0].AccountStatus).toBe("Imported");
  });

  test("accountDelete removes accounts and reports unknown ones per item", async () => {
    const results = await client.accountDelete(["erin", "nobody"]);
    expect(results.map((r) => [r.UserID, r.ResultCode])).toEqual([
      ["erin", 0],
      ["nobody", 70107],
    ]);
    expect((await client.accountCheck(["erin"]))[0].AccountStatus).toBe("NotImported");
  });
});

describe("friends", () => {
  test("friendAdd: force-add makes a mutual friendship; a second add reports 30001 per item, not as an error", async () => {
    const first = await friendAdd(
      client,
      "alice",
      [{ To_Account: "bob", AddSource: ADD_SOURCE, Remark: "Bobby", GroupName: "work" }],
      { force: true },
    );
    expect(first).toEqual([{ To_Account: "bob", ResultCode: 0, ResultInfo: "" }]);
    const again = await friendAdd(client, "alice", [{ To_Account: "bob", AddSource: ADD_SOURCE }], { force: true });
    expect(again[0].ResultCode).toBe(30001);
    const relation = await friendCheck(client, "alice", ["bob"], "CheckResult_Type_Both");
    expect(relation[0]).toMatchObject({ To_Account: "bob", Relation: "CheckResult_Type_BothWay", ResultCode: 0 });
  });

  test("friendAdd without force meets the target's AllowType (NeedConfirm by default: 30539 pending)", async () => {
    const [result] = await friendAdd(client, "alice", [{ To_Account: "carol", AddSource: ADD_SOURCE }]);
    expect(result.ResultCode).toBe(30539);
  });

  test("friendAdd with Add_Type_Single writes only the initiator's list", async () => {
    await friendAdd(client, "alice", [{ To_Account: "dave", AddSource: ADD_SOURCE }], {
      addType: "Add_Type_Single",
      force: true,
    });
    const [relation] = await friendCheck(client, "alice", ["dave"], "CheckResult_Type_Both");
    expect(relation.Relation).toBe("CheckResult_Type_AWithB");
  });

  test("friendImport is one-way and keeps the given fields", async () => {
    const results = await client.friendImport("alice", [
      {
        To_Account: "bob",
        AddSource: ADD_SOURCE,
        Remark: "B",
        GroupName: ["g1", "g2"],
        AddTime: 1_600_000_000,
        CustomItem: [{ Tag: "Tag_SNS_Custom_Test", Value: "x" }],
      },
      { To_Account: "ghost", AddSource: ADD_SOURCE },
    ]);
    expect(results.map((r) => r.To_Account)).toEqual(["bob", "ghost"]);
    expect(results[0].ResultCode).toBe(0);
    expect(results[1].ResultCode).not.toBe(0);
    const { friends } = await client.friendGetAll("alice");
    expect(friends).toHaveLength(1);
    expect(friends[0].ValueItem).toEqual(
      expect.arrayContaining([
        { Tag: "Tag_SNS_IM_Remark", Value: "B" },
        { Tag: "Tag_SNS_IM_Group", Value: ["g1", "g2"] },
        { Tag: "Tag_SNS_IM_AddTime", Value: 1_600_000_000 },
        { Tag: "Tag_SNS_Custom_Test", Value: "x" },
      ]),
    );
    expect((await friendCheck(client, "bob", ["alice"], "CheckResult_Type_Single"))[0].Relation).toBe(
      "CheckResult_Type_NoRelation",
    );
  });

  test("friendUpdate (seed 000's complete request) updates remark, lists and custom field; a non-friend fails per item", async () => {
    await client.friendImport("alice", [{ To_Account: "bob", AddSource: ADD_SOURCE }]);
    const results = await client.friendUpdate("alice", [
      {
        To_Account: "bob",
        SnsItem: [
          { Tag: "Tag_SNS_IM_Remark", Value: "remark1" },
          { Tag: "Tag_SNS_IM_Group", Value: ["friend1", "friend2"] },
          { Tag: "Tag_SNS_Custom_Test", Value: "test" },
        ],
      },
      { To_Account: "carol", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "x" }] },
    ]);
    expect(results.map((r) => [r.To_Account, r.ResultCode])).toEqual([
      ["bob", 0],
      ["carol", 30001],
    ]);
    const [info] = await client.friendGetList(
      "alice",
      ["bob"],
      ["Tag_SNS_IM_Remark", "Tag_SNS_IM_Group", "Tag_SNS_Custom_Test"],
    );
    expect(info.SnsProfileItem).toEqual(
      expect.arrayContaining([
        { Tag: "Tag_SNS_IM_Remark", Value: "remark1" },
        { Tag: "Tag_SNS_IM_Group", Value: ["friend1", "friend2"] },
        { Tag: "Tag_SNS_Custom_Test", Value: "test" },
      ]),
    );
  });

  test("friendGetList (seed 001) returns friend and profile tags per friend, in request order, with per-item failures", async () => {
    await client.portraitSet("bob", [{ Tag: "Tag_Profile_IM_Nick", Value: "Bob" }]);
    await client.friendImport("alice", [
      { To_Account: "bob", AddSource: ADD_SOURCE, Remark: "remark_bob" },
      { To_Account: "dave", AddSource: ADD_SOURCE },
    ]);
    const infos = await client.friendGetList(
      "alice",
      ["dave", "carol", "bob"],
      ["Tag_Profile_IM_Nick", "Tag_SNS_IM_Remark", "Tag_SNS_IM_AddSource"],
    );
    expect(infos.map((i) => [i.To_Account, i.ResultCode])).toEqual([
      ["dave", 0],
      ["carol", 30001],
      ["bob", 0],
    ]);
    expect(remarkOf(infos[2])).toBe("remark_bob");
    expect(infos[2].SnsProfileItem).toContainEqual({ Tag: "Tag_Profile_IM_Nick", Value: "Bob" });
    expect(remarkOf(infos[0])).toBeUndefined();
  });

  test("friendDelete reports 31704 for a non-friend; Delete_Type_Both removes both sides", async () => {
    await friendAdd(client, "alice", [{ To_Account: "bob", AddSource: ADD_SOURCE }], { force: true });
    const results = await client.friendDelete("alice", ["bob", "carol"], "Delete_Type_Both");
    expect(results.map((r) => [r.To_Account, r.ResultCode])).toEqual([
      ["bob", 0],
      ["carol", 31704],
    ]);
    expect((await friendCheck(client, "alice", ["bob"], "CheckResult_Type_Both"))[0].Relation).toBe(
      "CheckResult_Type_NoRelation",
    );
  });

  test("friendDeleteAll empties the list", async () => {
    await client.friendImport("alice", [
      { To_Account: "bob", AddSource: ADD_SOURCE },
      { To_Account: "carol", AddSource: ADD_SOURCE },
    ]);
    await friendDeleteAll(client, "alice");
    expect(await client.friendGetAll("alice")).toMatchObject({ friends: [], friendNum: 0 });
  });

  test("friendGet pages until CompleteFlag and returns every friend once", async () => {
    const peers = Array.from({ length: 250 }, (_, i) => `p${i}`);
    await client.multiaccountImport(peers);
    await client.friendImport(
      "alice",
      peers.map((To_Account) => ({ To_Account, AddSource: ADD_SOURCE })),
    );
    await h.control.clearCalls();
    const list = await client.friendGetAll("alice");
    expect(list.friendNum).toBe(250);
    expect(new Set(list.friends.map((f) => f.To_Account))).toEqual(new Set(peers));
    expect(list.friends).toHaveLength(250);
    const pages = await h.control.calls("friend_get");
    expect(pages.map((c) => (c.body as { StartIndex: number }).StartIndex)).toEqual([0, 100, 200]);
  });

  test("friendGet of a user without friends is empty", async () => {
    expect(await client.friendGetAll("erin")).toEqual({
      friends: [],
      friendNum: 0,
    });
  });
});

describe("friend lists", () => {
  test("groupAdd creates lists with members, groupGet reads them, groupDelete removes them", async () => {
    await client.friendImport("alice", [{ To_Account: "bob", AddSource: ADD_SOURCE }]);
    const added = await groupAdd(client, "alice", ["close", "work"], ["bob", "carol"]);
    expect(added.currentSequence).toBeGreaterThan(0);
    expect(added.results.map((r) => [r.To_Account, r.ResultCode])).toEqual([
      ["bob", 0],
      ["carol", 32216],
    ]);
    const { groups } = await groupGet(client, "alice", { needFriend: true });
    expect(groups.map((g) => [g.GroupName, g.FriendNumber, g.To_Account])).toEqual(
      expect.arrayContaining([
        ["close", 1, ["bob"]],
        ["work", 1, ["bob"]],
      ]),
    );
    const deleted = await groupDelete(client, "alice", ["work"]);
    expect(deleted.currentSequence).toBeGreaterThan(added.currentSequence);
    expect((await groupGet(client, "alice")).groups.map((g) => g.GroupName)).toEqual(["close"]);
    expect((await friendCheck(client, "alice", ["bob"], "CheckResult_Type_Single"))[0].Relation).toBe(
      "CheckResult_Type_AWithB",
    );
  });
});

describe("blocklist", () => {
  test("add, get, check and delete; blocking a friend ends the friendship", async () => {
    await friendAdd(client, "alice", [{ To_Account: "bob", AddSource: ADD_SOURCE }], { force: true });
    const added = await blackListAdd(client, "alice", ["bob", "carol"]);
    expect(added.map((r) => r.ResultCode)).toEqual([0, 0]);
    expect((await blackListAdd(client, "alice", ["bob"]))[0].ResultCode).toBe(30001);
    expect((await friendCheck(client, "alice", ["bob"], "CheckResult_Type_Both"))[0].Relation).toBe(
      "CheckResult_Type_NoRelation",
    );

    const listed = await blackListGet(client, "alice", 1);
    expect(listed.items.map((i) => i.To_Account).sort()).toEqual(["bob", "carol"]);
    expect(listed.sequence).toBeGreaterThan(0);

    const checked = await blackListCheck(client, "bob", ["alice", "dave"], "BlackCheckResult_Type_Both");
    expect(checked.map((c) => [c.To_Account, c.Relation])).toEqual([
      ["alice", "BlackCheckResult_Type_BWithA"],
      ["dave", "BlackCheckResult_Type_NO"],
    ]);

    const removed = await blackListDelete(client, "alice", ["bob", "dave"]);
    expect(removed.map((r) => [r.To_Account, r.ResultCode])).toEqual([
      ["bob", 0],
      ["dave", 30001],
    ]);
    expect((await blackListGet(client, "alice")).items.map((i) => i.To_Account)).toEqual(["carol"]);
  });
});

describe("profiles", () => {
  test("portraitSet then portraitGet; an unknown account fails the whole request", async () => {
    await client.portraitSet("alice", [
      { Tag: "Tag_Profile_IM_Nick", Value: "Alice" },
      { Tag: "Tag_Profile_IM_AllowType", Value: "AllowType_Type_AllowAny" },
    ]);
    const [alice] = await client.portraitGet(["alice"], ["Tag_Profile_IM_Nick", "Tag_Profile_IM_AllowType"]);
    expect(alice.ProfileItem).toEqual(
      expect.arrayContaining([
        { Tag: "Tag_Profile_IM_Nick", Value: "Alice" },
        { Tag: "Tag_Profile_IM_AllowType", Value: "AllowType_Type_AllowAny" },
      ]),
    );
    // AllowAny makes a normal add succeed at once.
    expect((await friendAdd(client, "bob", [{ To_Account: "alice", AddSource: ADD_SOURCE }]))[0].ResultCode).toBe(0);
    await expect(client.portraitGet(["alice", "ghost"], ["Tag_Profile_IM_Nick"])).rejects.toMatchObject({
      name: "ChatApiError",
      serviceCode: 40003,
    });
  });
});
