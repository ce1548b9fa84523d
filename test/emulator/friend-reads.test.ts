import { startHarness, importFriends, users, type Harness } from "../helpers/harness";

/** friend_check, friend_get, friend_get_list (docs/rest-api.md#friend_check to #friend_get_list). */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.control.seedAccounts(["alice", "bob", "carol", "dave", "erin"]);
  // alice ↔ bob, alice → carol, dave → alice, erin unrelated.
  await importFriends(h.http, "alice", ["bob", "carol"]);
  await importFriends(h.http, "bob", ["alice"]);
  await importFriends(h.http, "dave", ["alice"]);
});
afterAll(() => h.close());

describe("friend_check", () => {
  const check = (CheckType: string) =>
    h.http.call("sns/friend_check", {
      From_Account: "alice",
      To_Account: ["bob", "carol", "dave", "erin", "ghost"],
      CheckType,
    });

  test("CheckResult_Type_Both: BothWay, AWithB, BWithA, NoRelation (a missing account is NoRelation with 0)", async () => {
    const res = await check("CheckResult_Type_Both");
    expect(res.json).toEqual({
      InfoItem: [
        { To_Account: "bob", Relation: "CheckResult_Type_BothWay", ResultCode: 0, ResultInfo: "" },
        { To_Account: "carol", Relation: "CheckResult_Type_AWithB", ResultCode: 0, ResultInfo: "" },
        { To_Account: "dave", Relation: "CheckResult_Type_BWithA", ResultCode: 0, ResultInfo: "" },
        { To_Account: "erin", Relation: "CheckResult_Type_NoRelation", ResultCode: 0, ResultInfo: "" },
        { To_Account: "ghost", Relation: "CheckResult_Type_NoRelation", ResultCode: 0, ResultInfo: "" },
      ],
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      ErrorDisplay: "",
    });
  });

  test("CheckResult_Type_Single looks at the caller's list only", async () => {
    const res = await check("CheckResult_Type_Single");
    expect(res.json.InfoItem.map((i: { Relation: string }) => i.Relation)).toEqual([
      "CheckResult_Type_AWithB",
      "CheckResult_Type_AWithB",
      "CheckResult_Type_NoRelation",
      "CheckResult_Type_NoRelation",
      "CheckResult_Type_NoRelation",
    ]);
  });

  test("a missing or unknown CheckType is a top-level 30001; 1001 accounts too", async () => {
    expect((await h.http.call("sns/friend_check", { From_Account: "alice", To_Account: ["bob"] })).json.ErrorCode).toBe(
      30001,
    );
    expect((await check("CheckResult_Type_Sideways")).json.ErrorCode).toBe(30001);
    const at = await h.http.call("sns/friend_check", {
      From_Account: "alice",
      To_Account: users("x", 1000),
      CheckType: "CheckResult_Type_Single",
    });
    expect(at.json.InfoItem).toHaveLength(1000);
    expect(
      (
        await h.http.call("sns/friend_check", {
          From_Account: "alice",
          To_Account: users("x", 1001),
          CheckType: "CheckResult_Type_Single",
        })
      ).json.ErrorCode,
    ).toBe(30001);
  });
});

describe("friend_get", () => {
  test("a user with no friends: no UserDataItem, zero sequences, CompleteFlag 1 (the observed shape)", async () => {
    const res = await h.http.call("sns/friend_get", { From_Account: "erin", StartIndex: 0 });
    expect(res.json).toEqual({
      StandardSequence: 0,
      CustomSequence: 0,
      FriendNum: 0,
      CompleteFlag: 1,
      NextStartIndex: 0,
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      ErrorDisplay: "",
    });
  });

  test("pages of the configured size, in add-time order; NextStartIndex 0 with CompleteFlag 1 at the end", async () => {
    const small = await startHarness({ limits: { friendGetPageSize: 2 } });
    try {
      await small.control.seedAccounts(["me", "p1", "p2", "p3", "p4", "p5"]);
      // Add times out of UserID order, to see the ordering.
      await small.http.ok("sns/friend_import", {
        From_Account: "me",
        AddFriendItem: [
          { To_Account: "p1", AddSource: "AddSource_Type_Web", AddTime: 500 },
          { To_Account: "p2", AddSource: "AddSource_Type_Web", AddTime: 100 },
          { To_Account: "p3", AddSource: "AddSource_Type_Web", AddTime: 300 },
          { To_Account: "p4", AddSource: "AddSource_Type_Web", AddTime: 300 },
          { To_Account: "p5", AddSource: "AddSource_Type_Web", AddTime: 200 },
        ],
      });
      const pages = [];
      let start = 0;
      for (;;) {
        const page = await small.http.ok("sns/friend_get", { From_Account: "me", StartIndex: start });
        pages.push({
          ids: page.UserDataItem.map((u: { To_Account: string }) => u.To_Account),
          next: page.NextStartIndex,
          complete: page.CompleteFlag,
          total: page.FriendNum,
        });
        if (page.CompleteFlag) break;
        start = page.NextStartIndex;
      }
      expect(pages).toEqual([
        { ids: ["p2", "p5"], next: 2, complete: 0, total: 5 },
        { ids: ["p3", "p4"], next: 4, complete: 0, total: 5 },
        { ids: ["p1"], next: 0, complete: 1, total: 5 },
      ]);
    } finally {
      await small.close();
    }
  });

  test("the default page is 100 friends", async () => {
    const many = users("m", 150);
    await h.control.seedAccounts(many);
    await h.control.seedAccounts(["crowd"]);
    await importFriends(h.http, "crowd", many);
    const first = await h.http.ok("sns/friend_get", { From_Account: "crowd", StartIndex: 0 });
    expect(first).toMatchObject({ FriendNum: 150, CompleteFlag: 0, NextStartIndex: 100 });
    expect(first.UserDataItem).toHaveLength(100);
    const second = await h.http.ok("sns/friend_get", { From_Account: "crowd", StartIndex: 100 });
    expect(second).toMatchObject({ CompleteFlag: 1, NextStartIndex: 0 });
    expect(second.UserDataItem).toHaveLength(50);
  });

  test("ValueItem holds the fields that have a value; matching sequences suppress standard or custom data", async () => {
    await h.control.seedAccounts(["seq", "s1"]);
    await h.http.ok("sns/friend_import", {
      From_Account: "seq",
      AddFriendItem: [
        {
          To_Account: "s1",
          AddSource: "AddSource_Type_Web",
          GroupName: ["g"],
          AddTime: 1000,
          CustomItem: [{ Tag: "Tag_SNS_Custom_Test", Value: "c" }],
        },
      ],
    });
    const full = await h.http.ok("sns/friend_get", {
      From_Account: "seq",
      StartIndex: 0,
      StandardSequence: 0,
      CustomSequence: 0,
    });
    // No remark and no wording were set, so neither tag appears.
    expect(full.UserDataItem).toEqual([
      {
        To_Account: "s1",
        ValueItem: [
          { Tag: "Tag_SNS_IM_AddSource", Value: "AddSource_Type_Web" },
          { Tag: "Tag_SNS_IM_Group", Value: ["g"] },
          { Tag: "Tag_SNS_IM_AddTime", Value: 1000 },
          { Tag: "Tag_SNS_Custom_Test", Value: "c" },
        ],
      },
    ]);
    const { StandardSequence, CustomSequence } = full;
    expect(StandardSequence).toBeGreaterThan(0);
    expect(CustomSequence).toBeGreaterThan(0);
    const customOnly = await h.http.ok("sns/friend_get", { From_Account: "seq", StartIndex: 0, StandardSequence });
    expect(customOnly.UserDataItem[0].ValueItem).toEqual([{ Tag: "Tag_SNS_Custom_Test", Value: "c" }]);
    const none = await h.http.ok("sns/friend_get", {
      From_Account: "seq",
      StartIndex: 0,
      StandardSequence,
      CustomSequence,
    });
    expect(none.UserDataItem).toEqual([{ To_Account: "s1", ValueItem: [] }]);
    // A change moves the sequence, so the data comes back.
    await h.http.ok("sns/friend_update", {
      From_Account: "seq",
      UpdateItem: [{ To_Account: "s1", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "r" }] }],
    });
    const after = await h.http.ok("sns/friend_get", {
      From_Account: "seq",
      StartIndex: 0,
      StandardSequence,
      CustomSequence,
    });
    expect(after.StandardSequence).toBeGreaterThan(StandardSequence);
    expect(after.UserDataItem[0].ValueItem).toContainEqual({ Tag: "Tag_SNS_IM_Remark", Value: "r" });
  });

  test("an unknown From_Account is a top-level 30003", async () => {
    expect((await h.http.call("sns/friend_get", { From_Account: "ghost", StartIndex: 0 })).json).toMatchObject({
      ActionStatus: "FAIL",
      ErrorCode: 30003,
    });
  });
});

describe("friend_get_list", () => {
  test("reads friend and profile tags; AddSource and AddTime too", async () => {
    await h.http.ok("profile/portrait_set", {
      From_Account: "bob",
      ProfileItem: [{ Tag: "Tag_Profile_IM_Level", Value: 7 }],
    });
    const res = await h.http.ok("sns/friend_get_list", {
      From_Account: "alice",
      To_Account: ["bob"],
      TagList: ["Tag_SNS_IM_AddSource", "Tag_SNS_IM_AddTime", "Tag_Profile_IM_Level", "Tag_Profile_IM_Gender"],
    });
    const tags = Object.fromEntries(
      res.InfoItem[0].SnsProfileItem.map((t: { Tag: string; Value: unknown }) => [t.Tag, t.Value]),
    );
    expect(tags).toEqual({
      Tag_SNS_IM_AddSource: "AddSource_Type_Test",
      Tag_SNS_IM_AddTime: expect.any(Number),
      Tag_Profile_IM_Level: 7,
      Tag_Profile_IM_Gender: "Gender_Type_Unknown",
    });
  });

  test("unknown, unconfigured or unreadable tags in TagList: top-level 30001", async () => {
    for (const tag of [
      "Tag_SNS_Custom_Nope",
      "Tag_Profile_Custom_Nope",
      "Tag_Whatever",
      "Tag_SNS_IM_RemarkTime",
      "toString",
    ]) {
      const res = await h.http.call("sns/friend_get_list", {
        From_Account: "alice",
        To_Account: ["bob"],
        TagList: [tag],
      });
      expect(res.json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 30001 });
      expect(res.json.ErrorInfo).toContain(tag);
    }
  });

  test("1000 To_Account are accepted, 1001 are a top-level 30001", async () => {
    const at = await h.http.call("sns/friend_get_list", {
      From_Account: "alice",
      To_Account: users("x", 1000),
      TagList: ["Tag_SNS_IM_Remark"],
    });
    expect(at.json.InfoItem).toHaveLength(1000);
    expect(at.json.Fail_Account).toHaveLength(1000);
    expect(
      (
        await h.http.call("sns/friend_get_list", {
          From_Account: "alice",
          To_Account: users("x", 1001),
          TagList: ["Tag_SNS_IM_Remark"],
        })
      ).json.ErrorCode,
    ).toBe(30001);
  });

  test("Fail_Account is absent when every item succeeded", async () => {
    const res = await h.http.ok("sns/friend_get_list", {
      From_Account: "alice",
      To_Account: ["bob", "carol"],
      TagList: ["Tag_SNS_IM_Remark"],
    });
    expect(res).not.toHaveProperty("Fail_Account");
    expect(res.InfoItem.map((i: { ResultCode: number }) => i.ResultCode)).toEqual([0, 0]);
  });
});
