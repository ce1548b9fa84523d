import { startHarness, importFriends, users, type Harness } from "../helpers/harness";

/** account_import, multiaccount_import, account_check, account_delete, portrait_set, portrait_get (docs/rest-api.md#account_import to #account_check, #portrait_set, #portrait_get). */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const state = async () => (await h.control.state()).accounts;

describe("accounts", () => {
  test("account_import answers the bare envelope (no ErrorDisplay), is idempotent, and overwrites the fields it carries", async () => {
    const res = await h.http.call("im_open_login_svc/account_import", {
      UserID: "alice",
      Nick: "Alice",
      FaceUrl: "http://x/a.png",
    });
    expect(res.json).toEqual({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" });
    expect(
      (await h.http.call("im_open_login_svc/account_import", { UserID: "alice", Nick: "Al" })).json.ErrorCode,
    ).toBe(0);
    expect((await state()).alice.profile).toEqual({
      Tag_Profile_IM_Nick: "Al",
      Tag_Profile_IM_Image: "http://x/a.png",
    });
  });

  test("account_import accepts the legacy Identifier key", async () => {
    expect((await h.http.call("im_open_login_svc/account_import", { Identifier: "legacy" })).json.ErrorCode).toBe(0);
    expect(Object.keys(await state())).toEqual(["legacy"]);
  });

  test("UserID: 32 bytes of printable ASCII pass, 33 bytes, empty or non-ASCII are 70402", async () => {
    expect((await h.http.call("im_open_login_svc/account_import", { UserID: "u".repeat(32) })).json.ErrorCode).toBe(0);
    for (const UserID of ["u".repeat(33), "", "tab\there", "ü"]) {
      const res = await h.http.call("im_open_login_svc/account_import", { UserID });
      expect(res.json).toEqual({
        ActionStatus: "FAIL",
        ErrorCode: 70402,
        ErrorInfo: expect.stringContaining("UserID"),
      });
    }
    expect((await h.http.call("im_open_login_svc/account_import", {})).json.ErrorCode).toBe(70402);
  });

  test("Nick over 500 bytes is 40601", async () => {
    expect(
      (await h.http.call("im_open_login_svc/account_import", { UserID: "a", Nick: "n".repeat(500) })).json.ErrorCode,
    ).toBe(0);
    expect(
      (await h.http.call("im_open_login_svc/account_import", { UserID: "b", Nick: "n".repeat(501) })).json.ErrorCode,
    ).toBe(40601);
  });

  test("an account limit, when configured, answers 70398 (the free plan's 100 accounts)", async () => {
    const capped = await startHarness({ limits: { maxAccounts: 100 } });
    try {
      expect(
        (await capped.http.ok("im_open_login_svc/multiaccount_import", { Accounts: users("c", 100) })).FailAccounts,
      ).toEqual([]);
      expect((await capped.http.call("im_open_login_svc/account_import", { UserID: "c0" })).json.ErrorCode).toBe(0);
      expect((await capped.http.call("im_open_login_svc/account_import", { UserID: "one-more" })).json.ErrorCode).toBe(
        70398,
      );
    } finally {
      await capped.close();
    }
  });

  test("multiaccount_import: up to 100, FailAccounts (that spelling) lists refused ids; 101 is 70402", async () => {
    const accounts = [...users("m", 98), "m0", "u".repeat(33)];
    const res = await h.http.call("im_open_login_svc/multiaccount_import", { Accounts: accounts });
    expect(res.json).toEqual({ FailAccounts: ["u".repeat(33)], ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" });
    expect((await h.control.info()).accounts).toBe(98);
    expect(
      (await h.http.call("im_open_login_svc/multiaccount_import", { Accounts: users("n", 101) })).json,
    ).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 70402 });
  });

  test("account_check: Imported / NotImported with ResultCode 0; 100 items, 101 is 70402", async () => {
    await h.control.seedAccounts(["alice"]);
    const res = await h.http.call("im_open_login_svc/account_check", {
      CheckItem: [{ UserID: "alice" }, { UserID: "ghost" }],
    });
    expect(res.json).toEqual({
      ResultItem: [
        { UserID: "alice", ResultCode: 0, ResultInfo: "", AccountStatus: "Imported" },
        { UserID: "ghost", ResultCode: 0, ResultInfo: "", AccountStatus: "NotImported" },
      ],
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
    });
    const items = (n: number) => users("x", n).map((UserID) => ({ UserID }));
    expect(
      (await h.http.call("im_open_login_svc/account_check", { CheckItem: items(100) })).json.ResultItem,
    ).toHaveLength(100);
    expect((await h.http.call("im_open_login_svc/account_check", { CheckItem: items(101) })).json.ErrorCode).toBe(
      70402,
    );
  });

  test("account_delete removes the account and every trace of it in other users' lists; unknown ids are item 70107", async () => {
    await h.control.seedAccounts(["alice", "bob", "carol"]);
    await importFriends(h.http, "alice", ["bob", "carol"]);
    await importFriends(h.http, "bob", ["alice"]);
    await h.http.ok("sns/black_list_add", { From_Account: "carol", To_Account: ["bob"] });
    const res = await h.http.call("im_open_login_svc/account_delete", {
      DeleteItem: [{ UserID: "bob" }, { UserID: "ghost" }],
    });
    expect(res.json).toEqual({
      ResultItem: [
        { UserID: "bob", ResultCode: 0, ResultInfo: "" },
        { UserID: "ghost", ResultCode: 70107, ResultInfo: "Err_TLS_PT_Open_Login_Account_Not_Exist" },
      ],
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
    });
    const s = await state();
    expect(Object.keys(s)).toEqual(["alice", "carol"]);
    expect(Object.keys(s.alice.friends)).toEqual(["carol"]);
    expect(s.carol.blocklist).toEqual({});
  });

  test("account_delete on a plan that does not allow it: 71000; more than 100 items: 70402", async () => {
    const pro = await startHarness({ accountDeletion: false });
    try {
      await pro.control.seedAccounts(["alice"]);
      expect(
        (await pro.http.call("im_open_login_svc/account_delete", { DeleteItem: [{ UserID: "alice" }] })).json.ErrorCode,
      ).toBe(71000);
    } finally {
      await pro.close();
    }
    const items = (n: number) => users("x", n).map((UserID) => ({ UserID }));
    expect((await h.http.call("im_open_login_svc/account_delete", { DeleteItem: items(100) })).json.ErrorCode).toBe(0);
    expect((await h.http.call("im_open_login_svc/account_delete", { DeleteItem: items(101) })).json.ErrorCode).toBe(
      70402,
    );
  });
});

describe("profiles", () => {
  beforeEach(() => h.control.seedAccounts(["alice", "bob"]));
  const set = (ProfileItem: Array<{ Tag: string; Value: unknown }>) =>
    h.http.call("profile/portrait_set", { From_Account: "alice", ProfileItem });

  test("portrait_set writes standard and custom fields; portrait_get reads them back and leaves out unset ones", async () => {
    const res = await set([
      { Tag: "Tag_Profile_IM_Nick", Value: "Alice" },
      { Tag: "Tag_Profile_IM_Gender", Value: "Gender_Type_Female" },
      { Tag: "Tag_Profile_IM_BirthDay", Value: 20190419 },
      { Tag: "Tag_Profile_Custom_Test", Value: "c" },
    ]);
    expect(res.json).toEqual({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", ErrorDisplay: "" });
    const got = await h.http.call("profile/portrait_get", {
      To_Account: ["alice", "bob"],
      TagList: ["Tag_Profile_IM_Nick", "Tag_Profile_IM_BirthDay", "Tag_Profile_Custom_Test"],
    });
    expect(got.json).toEqual({
      UserProfileItem: [
        {
          To_Account: "alice",
          ProfileItem: [
            { Tag: "Tag_Profile_IM_Nick", Value: "Alice" },
            { Tag: "Tag_Profile_IM_BirthDay", Value: 20190419 },
            { Tag: "Tag_Profile_Custom_Test", Value: "c" },
          ],
          ResultCode: 0,
          ResultInfo: "",
        },
        {
          To_Account: "bob",
          ProfileItem: [],
          ResultCode: 0,
          ResultInfo: "",
        },
      ],
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      ErrorDisplay: "",
    });
  });

  test("portrait_set validation: 40009 unknown or unconfigured tag, 40601 over 500 bytes, 40605 bad value, 40610 wrong type; all or nothing", async () => {
    const expectCode = async (items: Array<{ Tag: string; Value: unknown }>, code: number) => {
      const res = await set(items);
      expect(res.json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: code, ErrorDisplay: "" });
    };
    await expectCode([{ Tag: "Tag_Profile_Custom_Nope", Value: "x" }], 40009);
    await expectCode([{ Tag: "Tag_Profile_IM_Shoe", Value: "x" }], 40009);
    await expectCode([{ Tag: "constructor", Value: "x" }], 40009);
    await expectCode([{ Tag: "Tag_Profile_IM_Nick", Value: "n".repeat(501) }], 40601);
    await expectCode([{ Tag: "Tag_Profile_Custom_Test", Value: "c".repeat(501) }], 40601);
    await expectCode([{ Tag: "Tag_Profile_IM_Location", Value: "l".repeat(17) }], 40601);
    await expectCode([{ Tag: "Tag_Profile_IM_Gender", Value: "Gender_Type_Other" }], 40605);
    await expectCode([{ Tag: "Tag_Profile_IM_AllowType", Value: "AllowType_Type_Maybe" }], 40605);
    await expectCode([{ Tag: "Tag_Profile_IM_Level", Value: -1 }], 40605);
    await expectCode([{ Tag: "Tag_Profile_IM_BirthDay", Value: "20190419" }], 40610);
    await expectCode([{ Tag: "Tag_Profile_IM_Nick", Value: 5 }], 40610);
    await expectCode(
      [
        { Tag: "Tag_Profile_IM_Nick", Value: "kept?" },
        { Tag: "Tag_Profile_IM_Gender", Value: "bad" },
      ],
      40605,
    );
    expect((await state()).alice.profile).toEqual({});
    expect(
      (
        await set([
          { Tag: "Tag_Profile_IM_Nick", Value: "n".repeat(500) },
          { Tag: "Tag_Profile_IM_Location", Value: "l".repeat(16) },
        ])
      ).json.ErrorCode,
    ).toBe(0);
  });

  test("a bad body is 40001 (profile's decode failure); an unknown From_Account is 40003", async () => {
    expect((await h.http.call("profile/portrait_set", { From_Account: "alice" })).json).toMatchObject({
      ActionStatus: "FAIL",
      ErrorCode: 40001,
    });
    expect((await h.http.call("profile/portrait_set", { From_Account: "ghost", ProfileItem: [] })).json.ErrorCode).toBe(
      40003,
    );
  });

  test("portrait_get: every account must be imported (top-level 40003), 100 accounts at most (101 is 40001), tags must exist (40009)", async () => {
    expect(
      (await h.http.call("profile/portrait_get", { To_Account: ["alice", "ghost"], TagList: ["Tag_Profile_IM_Nick"] }))
        .json.ErrorCode,
    ).toBe(40003);
    const hundred = users("p", 100);
    await h.control.seedAccounts(hundred);
    expect(
      (await h.http.call("profile/portrait_get", { To_Account: hundred, TagList: ["Tag_Profile_IM_Nick"] })).json
        .UserProfileItem,
    ).toHaveLength(100);
    expect(
      (
        await h.http.call("profile/portrait_get", {
          To_Account: [...hundred, "alice"],
          TagList: ["Tag_Profile_IM_Nick"],
        })
      ).json.ErrorCode,
    ).toBe(40001);
    expect(
      (await h.http.call("profile/portrait_get", { To_Account: ["alice"], TagList: ["Tag_SNS_IM_Remark"] })).json
        .ErrorCode,
    ).toBe(40009);
  });
});
