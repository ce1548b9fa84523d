import type { Clock } from "../../provider/clock";
import { startHarness, importFriends, users, type Harness } from "../helpers/harness";

/** friend_add, friend_import, friend_update, friend_delete, friend_delete_all (docs/rest-api.md#friend_add to #friend_delete_all). */

const T0 = 1_700_000_000;
let nowMs = T0 * 1000;
const clock: Clock = { now: () => nowMs };

let h: Harness;
beforeEach(async () => {
  nowMs = T0 * 1000;
  h = await startHarness({ clock });
  await h.control.seedAccounts([
    { userId: "alice", allowType: "AllowType_Type_AllowAny" },
    { userId: "bob", allowType: "AllowType_Type_AllowAny" },
    { userId: "carol", allowType: "AllowType_Type_AllowAny" },
    { userId: "dave" }, // AllowType never set: NeedConfirm (docs/rest-api.md#friend_add)
    { userId: "erin", allowType: "AllowType_Type_DenyAny" },
  ]);
});
afterEach(() => h.close());

const state = async () => (await h.control.state()).accounts;
const item = (res: { json: { ResultItem: Array<{ ResultCode: number; ResultInfo: string }> } }, i = 0) =>
  res.json.ResultItem[i];
const add = (body: Record<string, unknown>) => h.http.call("sns/friend_add", body);
const addOne = (from: string, to: string, extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  add({ From_Account: from, AddFriendItem: [{ To_Account: to, AddSource: "AddSource_Type_Web", ...extra }], ...top });
const update = (from: string, to: string, snsItems: Array<{ Tag: string; Value: unknown }>) =>
  h.http.call("sns/friend_update", { From_Account: from, UpdateItem: [{ To_Account: to, SnsItem: snsItems }] });

describe("friend_add", () => {
  test("Add_Type_Both (the default) makes both lists hold each other; remark and list go to the adder's side only", async () => {
    nowMs += 5000;
    const res = await addOne("alice", "bob", { Remark: "Bobby", GroupName: "team", AddWording: "hi" });
    expect(res.json).toEqual({
      ResultItem: [{ To_Account: "bob", ResultCode: 0, ResultInfo: "" }],
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      ErrorDisplay: "",
    });
    const s = await state();
    expect(s.alice.friends.bob).toEqual({
      addSource: "AddSource_Type_Web",
      addWording: "hi",
      addTime: T0 + 5,
      remark: "Bobby",
      remarkTime: T0 + 5,
      groups: ["team"],
      custom: {},
    });
    expect(s.bob.friends.alice).toEqual({
      addSource: "AddSource_Type_Web",
      addWording: "hi",
      addTime: T0 + 5,
      remark: "",
      remarkTime: 0,
      groups: [],
      custom: {},
    });
    expect(s.alice.groups).toEqual(["team"]);
  });

  test("Add_Type_Single changes only the adder's list", async () => {
    expect(item(await addOne("alice", "bob", {}, { AddType: "Add_Type_Single" })).ResultCode).toBe(0);
    const s = await state();
    expect(Object.keys(s.alice.friends)).toEqual(["bob"]);
    expect(s.bob.friends).toEqual({});
  });

  test("Both over an existing one-way relation adds the missing side and keeps the other", async () => {
    await addOne("bob", "alice", { Remark: "from bob" }, { AddType: "Add_Type_Single" });
    expect(item(await addOne("alice", "bob")).ResultCode).toBe(0);
    const s = await state();
    expect(s.bob.friends.alice.remark).toBe("from bob");
    expect(s.alice.friends).toHaveProperty("bob");
  });

  test("already a friend: item 30001 Err_SNS_FriendAdd_Friend_Exist, listed in Fail_Account", async () => {
    await addOne("alice", "bob");
    const res = await add({
      From_Account: "alice",
      AddFriendItem: [
        { To_Account: "bob", AddSource: "AddSource_Type_Web" },
        { To_Account: "carol", AddSource: "AddSource_Type_Web" },
      ],
    });
    expect(res.json.ResultItem).toEqual([
      { To_Account: "bob", ResultCode: 30001, ResultInfo: "Err_SNS_FriendAdd_Friend_Exist" },
      { To_Account: "carol", ResultCode: 0, ResultInfo: "" },
    ]);
    expect(res.json.Fail_Account).toEqual(["bob"]);
  });

  test("AddSource is required and must be AddSource_Type_<letters, at most 8>: item 30001 Err_SNS_FriendAdd_Source_Illegal", async () => {
    const bad = [undefined, "", "Web", "AddSource_Type_", "AddSource_Type_Web2", "AddSource_Type_NineChars"];
    for (const AddSource of bad) {
      const res = await add({
        From_Account: "alice",
        AddFriendItem: [{ To_Account: "bob", ...(AddSource === undefined ? {} : { AddSource }) }],
      });
      expect(item(res)).toMatchObject({ ResultCode: 30001, ResultInfo: "Err_SNS_FriendAdd_Source_Illegal" });
    }
    expect(item(await addOne("alice", "bob", { AddSource: "AddSource_Type_Eightchr" })).ResultCode).toBe(0);
  });

  test("AllowType decides without ForceAddFlags: NeedConfirm → 30539 and a pending request, DenyAny → 30516", async () => {
    const pending = await addOne("alice", "dave");
    expect(item(pending)).toMatchObject({ ResultCode: 30539 });
    let s = await state();
    expect(s.alice.friends).toEqual({});
    expect(s.dave.friends).toEqual({});
    expect(Object.keys(s.alice.pendingOut)).toEqual(["dave"]);
    expect(item(await addOne("alice", "erin"))).toMatchObject({ ResultCode: 30516 });
    // Force skips AllowType (docs/rest-api.md#friend_add) and clears the pending request.
    expect(item(await addOne("alice", "dave", {}, { ForceAddFlags: 1 })).ResultCode).toBe(0);
    expect(item(await addOne("alice", "erin", {}, { ForceAddFlags: 1 })).ResultCode).toBe(0);
    s = await state();
    expect(Object.keys(s.dave.friends)).toEqual(["alice"]);
    expect(s.alice.pendingOut).toEqual({});
  });

  test("blocklists apply even with ForceAddFlags: 30515 when the adder blocked the target, 30525 when blocked by it", async () => {
    await h.http.ok("sns/black_list_add", { From_Account: "alice", To_Account: ["bob"] });
    await h.http.ok("sns/black_list_add", { From_Account: "carol", To_Account: ["alice"] });
    expect(item(await addOne("alice", "bob", {}, { ForceAddFlags: 1 })).ResultCode).toBe(30515);
    expect(item(await addOne("alice", "carol", {}, { ForceAddFlags: 1 })).ResultCode).toBe(30525);
  });

  test("AdminForbid_Type_SendOut on the adder: 30009, bypassed by ForceAddFlags", async () => {
    await h.http.ok("profile/portrait_set", {
      From_Account: "alice",
      ProfileItem: [{ Tag: "Tag_Profile_IM_AdminForbidType", Value: "AdminForbid_Type_SendOut" }],
    });
    expect(item(await addOne("alice", "bob")).ResultCode).toBe(30009);
    expect(item(await addOne("alice", "bob", {}, { ForceAddFlags: 1 })).ResultCode).toBe(0);
  });

  test("unknown accounts: item 30003 for To_Account, top-level 30003 for From_Account; adding oneself is 30001", async () => {
    expect(item(await addOne("alice", "nobody"))).toMatchObject({ ResultCode: 30003 });
    expect((await addOne("nobody", "alice")).json).toMatchObject({
      ActionStatus: "FAIL",
      ErrorCode: 30003,
      ErrorDisplay: "",
    });
    expect(item(await addOne("alice", "alice")).ResultCode).toBe(30001);
  });

  test("field limits at and past the boundary: remark 96 bytes, list name 30, wording 256", async () => {
    await h.control.seedAccounts(
      users("u", 6).map((userId) => ({ userId, allowType: "AllowType_Type_AllowAny" as const })),
    );
    expect(item(await addOne("alice", "u0", { Remark: "r".repeat(96) })).ResultCode).toBe(0);
    expect(item(await addOne("alice", "u1", { Remark: "r".repeat(97) })).ResultCode).toBe(30001);
    expect(item(await addOne("alice", "u2", { GroupName: "g".repeat(30) })).ResultCode).toBe(0);
    expect(item(await addOne("alice", "u3", { GroupName: "g".repeat(31) })).ResultCode).toBe(30001);
    expect(item(await addOne("alice", "u4", { AddWording: "w".repeat(256) })).ResultCode).toBe(0);
    expect(item(await addOne("alice", "u5", { AddWording: "w".repeat(257) })).ResultCode).toBe(30001);
  });

  test("a new GroupName beyond 32 lists: item 30011", async () => {
    await h.http.ok("sns/group_add", { From_Account: "alice", GroupName: users("g", 32) });
    expect(item(await addOne("alice", "bob", { GroupName: "g5" })).ResultCode).toBe(0);
    expect(item(await addOne("alice", "carol", { GroupName: "one-more" })).ResultCode).toBe(30011);
  });

  test("at most 1000 items per request; 1001 fails the whole request with 30001", async () => {
    const items = (n: number) => users("x", n).map((To_Account) => ({ To_Account, AddSource: "AddSource_Type_Web" }));
    const ok = await add({ From_Account: "alice", AddFriendItem: items(1000) });
    expect(ok.json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
    expect(ok.json.ResultItem).toHaveLength(1000);
    const over = await add({ From_Account: "alice", AddFriendItem: items(1001) });
    expect(over.json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 30001 });
    expect(over.json).not.toHaveProperty("ResultItem");
  });

  test("friend limits with small configured values: own list full → 30010, peer's full → 30014, pending full → 30012", async () => {
    const small = await startHarness({ clock, limits: { friendsPerUser: 2, pendingPerUser: 1 } });
    try {
      await small.control.seedAccounts([
        ...users("p", 5).map((userId) => ({ userId, allowType: "AllowType_Type_AllowAny" as const })),
        "shy1",
        "shy2",
      ]);
      const addS = (from: string, to: string, top: Record<string, unknown> = {}) =>
        small.http.call("sns/friend_add", {
          From_Account: from,
          AddFriendItem: [{ To_Account: to, AddSource: "AddSource_Type_Web" }],
          ...top,
        });
      expect(item(await addS("p0", "p1")).ResultCode).toBe(0);
      expect(item(await addS("p0", "p2")).ResultCode).toBe(0);
      expect(item(await addS("p0", "p3")).ResultCode).toBe(30010);
      // p0 is full, so p4 cannot be added to p0's list by a Both-add from p4.
      expect(item(await addS("p4", "p0")).ResultCode).toBe(30014);
      expect(item(await addS("p4", "p0", { AddType: "Add_Type_Single" })).ResultCode).toBe(0);
      expect(item(await addS("p3", "shy1")).ResultCode).toBe(30539);
      expect(item(await addS("p3", "shy2")).ResultCode).toBe(30012);
    } finally {
      await small.close();
    }
  });
});

describe("friend_import", () => {
  test("imports one-way friends with every documented field, keeping AddTime and RemarkTime", async () => {
    const res = await h.http.call("sns/friend_import", {
      From_Account: "alice",
      AddFriendItem: [
        {
          To_Account: "dave", // AllowType is not involved in an import (docs/rest-api.md#friend_import)
          AddSource: "AddSource_Type_Import",
          Remark: "Dave",
          RemarkTime: 1600000100,
          GroupName: ["team", "ops"],
          AddWording: "migrated",
          AddTime: 1600000000,
          CustomItem: [{ Tag: "Tag_SNS_Custom_Test", Value: "v" }],
        },
      ],
    });
    expect(res.json).toEqual({
      ResultItem: [{ To_Account: "dave", ResultCode: 0, ResultInfo: "" }],
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      ErrorDisplay: "",
    });
    const s = await state();
    expect(s.alice.friends.dave).toEqual({
      addSource: "AddSource_Type_Import",
      addWording: "migrated",
      addTime: 1600000000,
      remark: "Dave",
      remarkTime: 1600000100,
      groups: ["team", "ops"],
      custom: { Tag_SNS_Custom_Test: "v" },
    });
    expect(s.dave.friends).toEqual({});
  });

  test("documented item failures: existing friend 30001, unknown account 30003, bad AddSource 30001, unconfigured custom tag 30001", async () => {
    await importFriends(h.http, "alice", ["bob"]);
    const res = await h.http.call("sns/friend_import", {
      From_Account: "alice",
      AddFriendItem: [
        { To_Account: "bob", AddSource: "AddSource_Type_Web" },
        { To_Account: "nobody", AddSource: "AddSource_Type_Web" },
        { To_Account: "carol" },
        {
          To_Account: "dave",
          AddSource: "AddSource_Type_Web",
          CustomItem: [{ Tag: "Tag_SNS_Custom_Nope", Value: "x" }],
        },
        { To_Account: "erin", AddSource: "AddSource_Type_Web" },
      ],
    });
    expect(res.json.ResultItem.map((i: { ResultCode: number }) => i.ResultCode)).toEqual([
      30001, 30003, 30001, 30001, 0,
    ]);
    expect(res.json.ResultItem[0].ResultInfo).toBe("Err_SNS_FriendImport_Friend_Exist");
    expect(res.json.Fail_Account).toEqual(["bob", "nobody", "carol", "dave"]);
  });

  test("custom values: 500 bytes pass, 501 fail; an integer needs an integer-typed field", async () => {
    const withInt = await startHarness({ customSnsTags: ["Test", "Level:integer"] });
    try {
      await withInt.control.seedAccounts(["a", "b", "c", "d", "e"]);
      const imp = (to: string, Tag: string, Value: unknown) =>
        withInt.http.call("sns/friend_import", {
          From_Account: "a",
          AddFriendItem: [{ To_Account: to, AddSource: "AddSource_Type_Web", CustomItem: [{ Tag, Value }] }],
        });
      expect(item(await imp("b", "Tag_SNS_Custom_Test", "é".repeat(250))).ResultCode).toBe(0);
      expect(item(await imp("c", "Tag_SNS_Custom_Test", "x".repeat(501))).ResultCode).toBe(30001);
      expect(item(await imp("c", "Tag_SNS_Custom_Test", 7)).ResultCode).toBe(30001);
      expect(item(await imp("d", "Tag_SNS_Custom_Level", 7)).ResultCode).toBe(0);
      expect(item(await imp("e", "Tag_SNS_Custom_Level", "7")).ResultCode).toBe(30001);
    } finally {
      await withInt.close();
    }
  });

  test("1000 items per request; 1001 is a top-level 30001", async () => {
    const items = (n: number) => users("x", n).map((To_Account) => ({ To_Account, AddSource: "AddSource_Type_Web" }));
    expect(
      (await h.http.call("sns/friend_import", { From_Account: "alice", AddFriendItem: items(1000) })).json.ErrorCode,
    ).toBe(0);
    expect(
      (await h.http.call("sns/friend_import", { From_Account: "alice", AddFriendItem: items(1001) })).json,
    ).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 30001 });
  });

  test("the real default of 3000 friends per user: the 3001st is item 30010", async () => {
    const friends = users("f", 3001);
    expect(await h.control.seedAccounts(friends)).toEqual([]);
    await importFriends(h.http, "alice", friends.slice(0, 3000));
    const res = await h.http.call("sns/friend_import", {
      From_Account: "alice",
      AddFriendItem: [{ To_Account: "f3000", AddSource: "AddSource_Type_Web" }],
    });
    expect(item(res)).toEqual({
      To_Account: "f3000",
      ResultCode: 30010,
      ResultInfo: "Err_SNS_FriendImport_My_Friend_Num_Exceed_Threshold",
    });
  });
});

describe("friend_update (docs/rest-api.md#friend_update)", () => {
  beforeEach(() => importFriends(h.http, "alice", ["bob", "carol"]));

  test("Tag_SNS_IM_Group replaces the whole set and creates unknown lists", async () => {
    await update("alice", "bob", [{ Tag: "Tag_SNS_IM_Group", Value: ["g1", "g2"] }]);
    const res = await update("alice", "bob", [{ Tag: "Tag_SNS_IM_Group", Value: ["g2", "g3"] }]);
    expect(item(res).ResultCode).toBe(0);
    const s = await state();
    expect(s.alice.friends.bob.groups).toEqual(["g2", "g3"]);
    expect(s.alice.groups).toEqual(["g1", "g2", "g3"]);
  });

  test('clearing: remark "", lists [], custom "" (the lists themselves stay)', async () => {
    await update("alice", "bob", [
      { Tag: "Tag_SNS_IM_Remark", Value: "B" },
      { Tag: "Tag_SNS_IM_Group", Value: ["g1"] },
      { Tag: "Tag_SNS_Custom_Test", Value: "t" },
    ]);
    await update("alice", "bob", [
      { Tag: "Tag_SNS_IM_Remark", Value: "" },
      { Tag: "Tag_SNS_IM_Group", Value: [] },
      { Tag: "Tag_SNS_Custom_Test", Value: "" },
    ]);
    const s = await state();
    expect(s.alice.friends.bob).toMatchObject({ remark: "", groups: [], custom: {} });
    expect(s.alice.groups).toEqual(["g1"]);
  });

  test("a remark change stamps Tag_SNS_IM_RemarkTime with the current time", async () => {
    nowMs += 42_000;
    await update("alice", "bob", [{ Tag: "Tag_SNS_IM_Remark", Value: "later" }]);
    expect((await state()).alice.friends.bob.remarkTime).toBe(T0 + 42);
  });

  test("not a friend: item 30001 Err_SNS_FriendUpdate_Friend_Not_Exist; the rest of the batch still applies", async () => {
    const res = await h.http.call("sns/friend_update", {
      From_Account: "alice",
      UpdateItem: [
        { To_Account: "dave", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "x" }] },
        { To_Account: "bob", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "ok" }] },
      ],
    });
    expect(res.json.ResultItem).toEqual([
      { To_Account: "dave", ResultCode: 30001, ResultInfo: "Err_SNS_FriendUpdate_Friend_Not_Exist" },
      { To_Account: "bob", ResultCode: 0, ResultInfo: "" },
    ]);
    expect(res.json.Fail_Account).toEqual(["dave"]);
    expect((await state()).alice.friends.bob.remark).toBe("ok");
  });

  test.each(["Tag_SNS_IM_AddSource", "Tag_SNS_IM_AddWording", "Tag_SNS_IM_AddTime", "Tag_SNS_IM_RemarkTime"])(
    "%s is not updatable: item 30001",
    async (tag) => {
      expect(
        item(
          await update("alice", "bob", [
            { Tag: tag, Value: tag === "Tag_SNS_IM_AddTime" || tag === "Tag_SNS_IM_RemarkTime" ? 1 : "x" },
          ]),
        ),
      ).toMatchObject({
        ResultCode: 30001,
        ResultInfo: "Err_SNS_FriendUpdate_Tag_Not_Updatable",
      });
    },
  );

  test("unconfigured custom tags and unknown tags: item 30001", async () => {
    expect(item(await update("alice", "bob", [{ Tag: "Tag_SNS_Custom_Other", Value: "x" }]))).toMatchObject({
      ResultCode: 30001,
      ResultInfo: "Err_SNS_FriendUpdate_Tag_Not_Exist",
    });
    expect(item(await update("alice", "bob", [{ Tag: "Tag_Profile_IM_Nick", Value: "x" }])).ResultCode).toBe(30001);
  });

  test("an item applies all or nothing: a valid remark with a bad list name changes nothing", async () => {
    const res = await update("alice", "bob", [
      { Tag: "Tag_SNS_IM_Remark", Value: "kept?" },
      { Tag: "Tag_SNS_IM_Group", Value: [""] },
    ]);
    expect(item(res).ResultCode).toBe(30001);
    expect((await state()).alice.friends.bob.remark).toBe("");
  });

  test("byte limits at and past the boundary: remark 96, list name 30, custom value 500 (multi-byte text counts bytes)", async () => {
    const code = async (tag: string, value: unknown) =>
      item(await update("alice", "bob", [{ Tag: tag, Value: value }])).ResultCode;
    expect(await code("Tag_SNS_IM_Remark", "é".repeat(48))).toBe(0);
    expect(await code("Tag_SNS_IM_Remark", "é".repeat(48) + "x")).toBe(30001);
    expect(await code("Tag_SNS_IM_Group", ["é".repeat(15)])).toBe(0);
    expect(await code("Tag_SNS_IM_Group", ["é".repeat(15) + "x"])).toBe(30001);
    expect(await code("Tag_SNS_Custom_Test", "v".repeat(500))).toBe(0);
    expect(await code("Tag_SNS_Custom_Test", "v".repeat(501))).toBe(30001);
    expect(await code("Tag_SNS_IM_Remark", 5)).toBe(30001);
    expect(await code("Tag_SNS_IM_Group", "g1")).toBe(30001);
  });

  test("32 lists per user: the 32nd is created, the 33rd is item 30011", async () => {
    await update("alice", "bob", [{ Tag: "Tag_SNS_IM_Group", Value: users("g", 31) }]);
    expect(item(await update("alice", "carol", [{ Tag: "Tag_SNS_IM_Group", Value: ["g31"] }])).ResultCode).toBe(0);
    expect(item(await update("alice", "carol", [{ Tag: "Tag_SNS_IM_Group", Value: ["g32"] }]))).toMatchObject({
      ResultCode: 30011,
      ResultInfo: "Err_SNS_FriendUpdate_Group_Num_Exceed_Threshold",
    });
    expect((await state()).alice.groups).toHaveLength(32);
  });

  test("1000 UpdateItems are accepted; 1001 fail the whole request with 30001", async () => {
    const items = (n: number) =>
      users("x", n).map((To_Account) => ({ To_Account, SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "r" }] }));
    const ok = await h.http.call("sns/friend_update", { From_Account: "alice", UpdateItem: items(1000) });
    expect(ok.json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
    expect(ok.json.ResultItem).toHaveLength(1000);
    const over = await h.http.call("sns/friend_update", { From_Account: "alice", UpdateItem: items(1001) });
    expect(over.json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 30001, ErrorDisplay: "" });
    expect(over.json.ErrorInfo).toContain("1001");
  });
});

describe("friend_delete and friend_delete_all", () => {
  test("Single (the default) removes only the caller's side; a non-friend is 31704", async () => {
    await addOne("alice", "bob", { GroupName: "team" });
    const res = await h.http.call("sns/friend_delete", { From_Account: "alice", To_Account: ["bob", "carol"] });
    expect(res.json.ResultItem).toEqual([
      { To_Account: "bob", ResultCode: 0, ResultInfo: "" },
      { To_Account: "carol", ResultCode: 31704, ResultInfo: "Err_SNS_FriendDelete_Not_Friend" },
    ]);
    const s = await state();
    expect(s.alice.friends).toEqual({});
    expect(Object.keys(s.bob.friends)).toEqual(["alice"]);
    // The list survives its last member.
    expect(s.alice.groups).toEqual(["team"]);
  });

  test("Both removes both sides, and succeeds when only the reverse side existed", async () => {
    await addOne("alice", "bob");
    await addOne("carol", "alice", {}, { AddType: "Add_Type_Single" });
    const res = await h.http.call("sns/friend_delete", {
      From_Account: "alice",
      To_Account: ["bob", "carol", "dave"],
      DeleteType: "Delete_Type_Both",
    });
    expect(res.json.ResultItem.map((i: { ResultCode: number }) => i.ResultCode)).toEqual([0, 0, 31704]);
    const s = await state();
    expect([s.alice.friends, s.bob.friends, s.carol.friends]).toEqual([{}, {}, {}]);
  });

  test("1000 To_Account per request; 1001 is a top-level 30001", async () => {
    expect(
      (await h.http.call("sns/friend_delete", { From_Account: "alice", To_Account: users("x", 1000) })).json.ErrorCode,
    ).toBe(0);
    expect(
      (await h.http.call("sns/friend_delete", { From_Account: "alice", To_Account: users("x", 1001) })).json.ErrorCode,
    ).toBe(30001);
  });

  test("friend_delete_all: Single empties the caller's list; Both also removes the caller from every former friend", async () => {
    await addOne("alice", "bob", { GroupName: "team" });
    await addOne("alice", "carol");
    expect((await h.http.call("sns/friend_delete_all", { From_Account: "alice" })).json).toEqual({
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      ErrorDisplay: "",
    });
    let s = await state();
    expect(s.alice.friends).toEqual({});
    expect(s.alice.groups).toEqual(["team"]);
    expect(Object.keys(s.bob.friends)).toEqual(["alice"]);

    await addOne("alice", "bob");
    expect(
      (await h.http.call("sns/friend_delete_all", { From_Account: "alice", DeleteType: "Delete_Type_Both" })).json
        .ErrorCode,
    ).toBe(0);
    s = await state();
    expect([s.alice.friends, s.bob.friends]).toEqual([{}, {}]);
    // carol kept alice from the Single round: she was no longer alice's friend when Both ran.
    expect(Object.keys(s.carol.friends)).toEqual(["alice"]);
    // An empty list is fine.
    expect((await h.http.call("sns/friend_delete_all", { From_Account: "alice" })).json.ErrorCode).toBe(0);
  });
});
