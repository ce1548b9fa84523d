import { startHarness, importFriends, users, type Harness } from "../helpers/harness";

/** group_add, group_delete, group_get, black_list_* (docs/rest-api.md#group_add to #black_list_check). */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.control.seedAccounts(["alice", "bob", "carol", "dave"]);
  await importFriends(h.http, "alice", ["bob", "carol"]);
});
afterEach(() => h.close());

const state = async () => (await h.control.state()).accounts;

describe("friend lists", () => {
  test("group_add creates lists and puts friends in every one of them; a non-friend is item 32216", async () => {
    const res = await h.http.call("sns/group_add", {
      From_Account: "alice",
      GroupName: ["team", "ops"],
      To_Account: ["bob", "dave"],
    });
    expect(res.json).toEqual({
      CurrentSequence: 1,
      ResultItem: [
        { To_Account: "bob", ResultCode: 0, ResultInfo: "" },
        { To_Account: "dave", ResultCode: 32216, ResultInfo: "Err_SNS_GroupAdd_ToTinyId_Not_Friend" },
      ],
      Fail_Account: ["dave"],
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      ErrorDisplay: "",
    });
    const s = await state();
    expect(s.alice.groups).toEqual(["team", "ops"]);
    expect(s.alice.friends.bob.groups).toEqual(["team", "ops"]);
  });

  test("group_add of an existing list is idempotent and still adds friends; without To_Account there are no items", async () => {
    const first = await h.http.ok("sns/group_add", { From_Account: "alice", GroupName: ["team"] });
    expect(first).not.toHaveProperty("ResultItem");
    const again = await h.http.ok("sns/group_add", {
      From_Account: "alice",
      GroupName: ["team"],
      To_Account: ["carol"],
    });
    expect(again.CurrentSequence).toBe(first.CurrentSequence);
    expect((await state()).alice.friends.carol.groups).toEqual(["team"]);
  });

  test("list names: empty or over 30 bytes fail the request with 30001; 32 lists fit, the 33rd is 30011", async () => {
    expect((await h.http.call("sns/group_add", { From_Account: "alice", GroupName: [""] })).json.ErrorCode).toBe(30001);
    expect(
      (await h.http.call("sns/group_add", { From_Account: "alice", GroupName: ["n".repeat(31)] })).json.ErrorCode,
    ).toBe(30001);
    expect(
      (await h.http.call("sns/group_add", { From_Account: "alice", GroupName: ["n".repeat(30)] })).json.ErrorCode,
    ).toBe(0);
    expect(
      (await h.http.call("sns/group_add", { From_Account: "alice", GroupName: users("g", 31) })).json.ErrorCode,
    ).toBe(0);
    expect((await h.http.call("sns/group_add", { From_Account: "alice", GroupName: ["g33"] })).json).toMatchObject({
      ActionStatus: "FAIL",
      ErrorCode: 30011,
    });
  });

  test("at most 32 names per group_add and group_delete (33 is 30001), and 1000 friends per group_add", async () => {
    expect(
      (await h.http.call("sns/group_add", { From_Account: "alice", GroupName: users("g", 33) })).json.ErrorCode,
    ).toBe(30001);
    expect(
      (await h.http.call("sns/group_delete", { From_Account: "alice", GroupName: users("g", 33) })).json.ErrorCode,
    ).toBe(30001);
    expect(
      (await h.http.call("sns/group_add", { From_Account: "alice", GroupName: ["g"], To_Account: users("x", 1000) }))
        .json.ErrorCode,
    ).toBe(0);
    expect(
      (await h.http.call("sns/group_add", { From_Account: "alice", GroupName: ["g"], To_Account: users("x", 1001) }))
        .json.ErrorCode,
    ).toBe(30001);
  });

  test("group_delete removes lists and memberships, keeps the friends, ignores unknown names", async () => {
    await h.http.ok("sns/group_add", { From_Account: "alice", GroupName: ["team", "ops"], To_Account: ["bob"] });
    const res = await h.http.call("sns/group_delete", { From_Account: "alice", GroupName: ["team", "nope"] });
    expect(res.json).toEqual({
      CurrentSequence: 2,
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "0",
      ErrorDisplay: "",
    });
    const s = await state();
    expect(s.alice.groups).toEqual(["ops"]);
    expect(s.alice.friends.bob.groups).toEqual(["ops"]);
  });

  test("group_get lists names and counts; NeedFriend adds members, with or without GroupName", async () => {
    await h.http.ok("sns/group_add", { From_Account: "alice", GroupName: ["team"], To_Account: ["bob", "carol"] });
    await h.http.ok("sns/group_add", { From_Account: "alice", GroupName: ["ops"], To_Account: ["carol"] });
    const plain = await h.http.ok("sns/group_get", { From_Account: "alice" });
    expect(plain.ResultItem).toEqual([
      { GroupName: "team", FriendNumber: 2 },
      { GroupName: "ops", FriendNumber: 1 },
    ]);
    expect(plain.CurrentSequence).toBe(2);
    const members = await h.http.ok("sns/group_get", {
      From_Account: "alice",
      NeedFriend: "Need_Friend_Type_Yes",
      GroupName: ["ops"],
    });
    expect(members.ResultItem).toEqual([{ GroupName: "ops", FriendNumber: 1, To_Account: ["carol"] }]);
  });
});

describe("blocklist", () => {
  test("black_list_add ends the friendship both ways; a repeat is 30001 Err_SNS_BlackListAdd_Already_Exist", async () => {
    await importFriends(h.http, "bob", ["alice"]);
    const res = await h.http.call("sns/black_list_add", { From_Account: "alice", To_Account: ["bob"] });
    expect(res.json).toEqual({
      ResultItem: [{ To_Account: "bob", ResultCode: 0, ResultInfo: "" }],
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      ErrorDisplay: "",
    });
    const s = await state();
    expect(s.alice.friends).not.toHaveProperty("bob");
    expect(s.bob.friends).not.toHaveProperty("alice");
    const again = await h.http.call("sns/black_list_add", { From_Account: "alice", To_Account: ["bob"] });
    expect(again.json.ResultItem[0]).toEqual({
      To_Account: "bob",
      ResultCode: 30001,
      ResultInfo: "Err_SNS_BlackListAdd_Already_Exist",
    });
    expect(again.json.Fail_Account).toEqual(["bob"]);
  });

  test("black_list_delete does not restore the friendship; not blocked is 30001", async () => {
    await h.http.ok("sns/black_list_add", { From_Account: "alice", To_Account: ["bob"] });
    const res = await h.http.call("sns/black_list_delete", { From_Account: "alice", To_Account: ["bob", "carol"] });
    expect(res.json.ResultItem).toEqual([
      { To_Account: "bob", ResultCode: 0, ResultInfo: "" },
      { To_Account: "carol", ResultCode: 30001, ResultInfo: "Err_SNS_BlackListDelete_Not_Exist" },
    ]);
    expect((await state()).alice.friends).not.toHaveProperty("bob");
  });

  test("black_list_get pages with MaxLimited and answers CurruentSequence, misspelt as the service does", async () => {
    await h.http.ok("sns/black_list_add", { From_Account: "alice", To_Account: ["bob", "carol", "dave"] });
    const first = await h.http.ok("sns/black_list_get", {
      From_Account: "alice",
      StartIndex: 0,
      MaxLimited: 2,
      LastSequence: 0,
    });
    expect(first.BlackListItem.map((i: { To_Account: string }) => i.To_Account)).toEqual(["bob", "carol"]);
    expect(first.BlackListItem[0].AddBlackTimeStamp).toEqual(expect.any(Number));
    expect(first.StartIndex).toBe(2);
    expect(first.CurruentSequence).toBe(3);
    expect(first).not.toHaveProperty("CurrentSequence");
    const last = await h.http.ok("sns/black_list_get", {
      From_Account: "alice",
      StartIndex: 2,
      MaxLimited: 2,
      LastSequence: 0,
    });
    expect(last.BlackListItem.map((i: { To_Account: string }) => i.To_Account)).toEqual(["dave"]);
    expect(last.StartIndex).toBe(0);
  });

  test("black_list_check: AWithB, BWithA, BothWay and _Type_NO", async () => {
    await h.http.ok("sns/black_list_add", { From_Account: "alice", To_Account: ["bob", "carol"] });
    await h.http.ok("sns/black_list_add", { From_Account: "carol", To_Account: ["alice"] });
    await h.http.ok("sns/black_list_add", { From_Account: "dave", To_Account: ["alice"] });
    const both = await h.http.ok("sns/black_list_check", {
      From_Account: "alice",
      To_Account: ["bob", "carol", "dave", "ghost"],
      CheckType: "BlackCheckResult_Type_Both",
    });
    expect(both.BlackListCheckItem).toEqual([
      { To_Account: "bob", Relation: "BlackCheckResult_Type_AWithB", ResultCode: 0, ResultInfo: "" },
      { To_Account: "carol", Relation: "BlackCheckResult_Type_BothWay", ResultCode: 0, ResultInfo: "" },
      { To_Account: "dave", Relation: "BlackCheckResult_Type_BWithA", ResultCode: 0, ResultInfo: "" },
      { To_Account: "ghost", Relation: "BlackCheckResult_Type_NO", ResultCode: 0, ResultInfo: "" },
    ]);
    const single = await h.http.ok("sns/black_list_check", {
      From_Account: "alice",
      To_Account: ["carol", "dave"],
      CheckType: "BlackCheckResult_Type_Single",
    });
    expect(single.BlackListCheckItem.map((i: { Relation: string }) => i.Relation)).toEqual([
      "BlackCheckResult_Type_AWithB",
      "BlackCheckResult_Type_NO",
    ]);
  });

  test("the real 1000-entry limit: the 1001st block is item 30013; 1001 accounts in one call is a top-level 30001", async () => {
    const many = users("b", 1001);
    await h.control.seedAccounts(many);
    const full = await h.http.ok("sns/black_list_add", { From_Account: "dave", To_Account: many.slice(0, 1000) });
    expect(full).not.toHaveProperty("Fail_Account");
    const over = await h.http.ok("sns/black_list_add", { From_Account: "dave", To_Account: ["b1000"] });
    expect(over.ResultItem[0]).toMatchObject({ To_Account: "b1000", ResultCode: 30013 });
    expect((await h.http.call("sns/black_list_add", { From_Account: "carol", To_Account: many })).json.ErrorCode).toBe(
      30001,
    );
  });
});
