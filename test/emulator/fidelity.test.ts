import { startHarness, importFriends, type Harness } from "../helpers/harness";

/**
 * Behaviours chosen between conflicting sources; each test names the source it follows (emulator/README.md,
 * "Fidelity decisions").
 */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.control.seedAccounts(["alice", "bob", "carol", "dave"]);
  await importFriends(h.http, "alice", ["bob", "carol"]);
});
afterEach(() => h.close());

const state = async () => (await h.control.state()).accounts;

describe("account fields of the wrong JSON type: 60015 (docs/error-codes.md#gateway-codes-60xxx)", () => {
  const addSource = "AddSource_Type_Web";
  test.each([
    ["account_import UserID", "im_open_login_svc/account_import", { UserID: 123 }, "UserID"],
    ["account_import Identifier", "im_open_login_svc/account_import", { Identifier: 5 }, "Identifier"],
    ["multiaccount_import Accounts", "im_open_login_svc/multiaccount_import", { Accounts: [1] }, "Accounts"],
    ["multiaccount_import mixed", "im_open_login_svc/multiaccount_import", { Accounts: ["ok", true] }, "Accounts"],
    ["account_check UserID", "im_open_login_svc/account_check", { CheckItem: [{ UserID: 7 }] }, "CheckItem.0.UserID"],
    ["account_delete UserID", "im_open_login_svc/account_delete", { DeleteItem: [{ UserID: {} }] }, "UserID"],
    ["friend_get From_Account", "sns/friend_get", { From_Account: 7, StartIndex: 0 }, "From_Account"],
    ["friend_get From_Account null", "sns/friend_get", { From_Account: null, StartIndex: 0 }, "From_Account"],
    [
      "friend_import To_Account",
      "sns/friend_import",
      { From_Account: "alice", AddFriendItem: [{ To_Account: 1, AddSource: addSource }] },
      "AddFriendItem.0.To_Account",
    ],
    ["friend_delete To_Account", "sns/friend_delete", { From_Account: "alice", To_Account: ["bob", 2] }, "To_Account"],
    [
      "portrait_get To_Account",
      "profile/portrait_get",
      { To_Account: [1], TagList: ["Tag_Profile_IM_Nick"] },
      "To_Account",
    ],
  ])("%s", async (_, path, body, field) => {
    const res = await h.http.call(path, body);
    expect(res.json).toEqual({ ActionStatus: "FAIL", ErrorCode: 60015, ErrorInfo: expect.stringContaining(field) });
  });

  test("other fields of the wrong type keep their family's invalid-parameter code", async () => {
    expect((await h.http.call("im_open_login_svc/account_import", { UserID: "x", Nick: 5 })).json.ErrorCode).toBe(
      70402,
    );
    expect((await h.http.call("sns/friend_get", { From_Account: "alice", StartIndex: "0" })).json.ErrorCode).toBe(
      30001,
    );
    // A string where the command wants an array of them is the wrong shape, not the wrong type.
    expect((await h.http.call("sns/friend_delete", { From_Account: "alice", To_Account: "bob" })).json.ErrorCode).toBe(
      30001,
    );
  });
});

describe("an optional field given as null is absent (a Go server SDK sends To_Account: null to group_add)", () => {
  test("group_add with To_Account: null creates the list and reports no items", async () => {
    const res = await h.http.ok("sns/group_add", { From_Account: "alice", GroupName: ["empty"], To_Account: null });
    expect(res).not.toHaveProperty("ResultItem");
    expect((await state()).alice.groups).toEqual(["empty"]);
  });

  test("friend_import items, friend_delete DeleteType, group_get and friend_get options given as null", async () => {
    const imported = await h.http.ok("sns/friend_import", {
      From_Account: "bob",
      AddFriendItem: [
        {
          To_Account: "dave",
          AddSource: "AddSource_Type_Web",
          Remark: null,
          GroupName: null,
          AddWording: null,
          AddTime: null,
          RemarkTime: null,
          CustomItem: null,
        },
      ],
    });
    expect(imported.ResultItem[0].ResultCode).toBe(0);
    expect((await state()).bob.friends.dave).toMatchObject({ remark: "", groups: [], custom: {} });
    await h.http.ok("sns/friend_delete", { From_Account: "bob", To_Account: ["dave"], DeleteType: null });
    const groups = await h.http.ok("sns/group_get", {
      From_Account: "alice",
      NeedFriend: null,
      GroupName: null,
      LastSequence: null,
    });
    expect(groups.ResultItem).toEqual([]);
    const friends = await h.http.ok("sns/friend_get", {
      From_Account: "alice",
      StartIndex: 0,
      StandardSequence: null,
      CustomSequence: null,
    });
    expect(friends.FriendNum).toBe(2);
  });

  test("account_import with Nick: null keeps the stored nick; a required field given as null is still refused", async () => {
    await h.http.ok("im_open_login_svc/account_import", { UserID: "erin", Nick: "Erin" });
    await h.http.ok("im_open_login_svc/account_import", { UserID: "erin", Nick: null, FaceUrl: null });
    expect((await state()).erin.profile).toEqual({ Tag_Profile_IM_Nick: "Erin" });
    expect((await h.http.call("sns/group_add", { From_Account: "alice", GroupName: null })).json.ErrorCode).toBe(30001);
    expect(
      (await h.http.call("sns/friend_get_list", { From_Account: "alice", To_Account: ["bob"], TagList: null })).json
        .ErrorCode,
    ).toBe(30001);
  });
});

describe("re-importing an account with an empty Nick or FaceUrl (docs/rest-api.md#account_import, our choice)", () => {
  test('"" clears the stored value (a Go SDK always sends both); absent keeps it', async () => {
    await h.http.ok("im_open_login_svc/account_import", { UserID: "erin", Nick: "Erin", FaceUrl: "http://x/e.png" });
    await h.http.ok("im_open_login_svc/account_import", { UserID: "erin" });
    expect((await state()).erin.profile).toEqual({
      Tag_Profile_IM_Nick: "Erin",
      Tag_Profile_IM_Image: "http://x/e.png",
    });
    await h.http.ok("im_open_login_svc/account_import", { UserID: "erin", Nick: "", FaceUrl: "" });
    expect((await state()).erin.profile).toEqual({ Tag_Profile_IM_Nick: "", Tag_Profile_IM_Image: "" });
    // Cleared, and read back as the empty value it now is.
    const got = await h.http.ok("profile/portrait_get", { To_Account: ["erin"], TagList: ["Tag_Profile_IM_Nick"] });
    expect(got.UserProfileItem[0].ProfileItem).toEqual([{ Tag: "Tag_Profile_IM_Nick", Value: "" }]);
  });
});

describe("profile fields with documented defaults (docs/data-model.md#profile-fields)", () => {
  const DEFAULTS = [
    { Tag: "Tag_Profile_IM_Gender", Value: "Gender_Type_Unknown" },
    { Tag: "Tag_Profile_IM_AllowType", Value: "AllowType_Type_NeedConfirm" },
    { Tag: "Tag_Profile_IM_AdminForbidType", Value: "AdminForbid_Type_None" },
  ];
  const TAGS = [...DEFAULTS.map((d) => d.Tag), "Tag_Profile_IM_Nick", "Tag_Profile_IM_Level"];

  test.each(["omit", "empty"] as const)(
    "never set: portrait_get and friend_get_list return the defaults (unsetProfileTags %s)",
    async (mode) => {
      const other = await startHarness({ unsetProfileTags: mode, accounts: ["alice", "bob"] });
      try {
        await importFriends(other.http, "alice", ["bob"]);
        const rest =
          mode === "omit"
            ? []
            : [
                { Tag: "Tag_Profile_IM_Nick", Value: "" },
                { Tag: "Tag_Profile_IM_Level", Value: 0 },
              ];
        const got = await other.http.ok("profile/portrait_get", { To_Account: ["bob"], TagList: TAGS });
        expect(got.UserProfileItem[0].ProfileItem).toEqual([...DEFAULTS, ...rest]);
        const list = await other.http.ok("sns/friend_get_list", {
          From_Account: "alice",
          To_Account: ["bob"],
          TagList: TAGS,
        });
        expect(list.InfoItem[0].SnsProfileItem).toEqual([...DEFAULTS, ...rest]);
      } finally {
        await other.close();
      }
    },
  );

  test("a value that was set wins over the default", async () => {
    await h.http.ok("profile/portrait_set", {
      From_Account: "bob",
      ProfileItem: [{ Tag: "Tag_Profile_IM_Gender", Value: "Gender_Type_Female" }],
    });
    const got = await h.http.ok("profile/portrait_get", { To_Account: ["bob"], TagList: ["Tag_Profile_IM_Gender"] });
    expect(got.UserProfileItem[0].ProfileItem).toEqual([{ Tag: "Tag_Profile_IM_Gender", Value: "Gender_Type_Female" }]);
  });
});

describe("group_add naming a non-friend: item 32216 as the documented sample shows (docs/rest-api.md#group_add)", () => {
  test("Err_SNS_GroupAdd_ToTinyId_Not_Friend; the friends in the same call are added", async () => {
    const res = await h.http.call("sns/group_add", {
      From_Account: "alice",
      GroupName: ["team"],
      To_Account: ["bob", "dave"],
    });
    expect(res.json.ResultItem).toEqual([
      { To_Account: "bob", ResultCode: 0, ResultInfo: "" },
      { To_Account: "dave", ResultCode: 32216, ResultInfo: "Err_SNS_GroupAdd_ToTinyId_Not_Friend" },
    ]);
    expect(res.json.Fail_Account).toEqual(["dave"]);
    expect((await state()).alice.friends.bob.groups).toEqual(["team"]);
  });
});

describe("success strings of the documented samples", () => {
  test('friend_delete: ResultInfo "" and ErrorInfo "0"; a non-friend is 31704 (docs/rest-api.md#friend_delete)', async () => {
    const res = await h.http.call("sns/friend_delete", { From_Account: "alice", To_Account: ["bob", "dave"] });
    expect(res.json).toEqual({
      ResultItem: [
        { To_Account: "bob", ResultCode: 0, ResultInfo: "" },
        { To_Account: "dave", ResultCode: 31704, ResultInfo: "Err_SNS_FriendDelete_Not_Friend" },
      ],
      Fail_Account: ["dave"],
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "0",
      ErrorDisplay: "",
    });
  });

  test('group_delete: ErrorInfo "0" (docs/rest-api.md#group_delete)', async () => {
    await h.http.ok("sns/group_add", { From_Account: "alice", GroupName: ["team"] });
    expect((await h.http.call("sns/group_delete", { From_Account: "alice", GroupName: ["team"] })).json).toEqual({
      CurrentSequence: 2,
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "0",
      ErrorDisplay: "",
    });
  });

  test('black_list_add and black_list_delete: ResultInfo "" and ErrorInfo "" (docs/rest-api.md#black_list_add)', async () => {
    const ok = { To_Account: "dave", ResultCode: 0, ResultInfo: "" };
    const envelope = { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", ErrorDisplay: "" };
    const add = await h.http.call("sns/black_list_add", { From_Account: "alice", To_Account: ["dave"] });
    expect(add.json).toEqual({ ResultItem: [ok], ...envelope });
    const del = await h.http.call("sns/black_list_delete", { From_Account: "alice", To_Account: ["dave"] });
    expect(del.json).toEqual({ ResultItem: [ok], ...envelope });
  });
});
