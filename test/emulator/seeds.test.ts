import { startHarness, importFriends, users, type Harness } from "../helpers/harness";

/**
 * Every sample request and response of the friend_update and friend_get_list pages (the seed documents the
 * project started from; docs/rest-api.md#friend_update, #friend_get_list), replayed against the emulator. The samples are
 * copied here verbatim (minified) so the test runs on a fresh clone; responses are compared as JSON text, so key
 * order, item order and every field must match.
 */

// Seed 000 (v4/sns/friend_update). The two samples labelled "Response to a ... request" under "Sample request" are
// request bodies (docs/rest-api.md#errata).
const SEED_000 = {
  basicRequest: {
    From_Account: "id",
    UpdateItem: [{ To_Account: "id1", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "remark1" }] }],
  },
  completeRequest: {
    From_Account: "id",
    UpdateItem: [
      {
        To_Account: "id1",
        SnsItem: [
          { Tag: "Tag_SNS_IM_Remark", Value: "remark1" },
          { Tag: "Tag_SNS_IM_Group", Value: ["group1", "group2"] },
          { Tag: "Tag_SNS_Custom_Test", Value: "test" },
        ],
      },
    ],
  },
  batchRequest: {
    From_Account: "id",
    UpdateItem: [
      { To_Account: "id1", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "remark1" }] },
      {
        To_Account: "id2",
        SnsItem: [
          { Tag: "Tag_SNS_IM_Remark", Value: "remark2" },
          { Tag: "Tag_SNS_IM_Group", Value: ["group1", "group2"] },
        ],
      },
      {
        To_Account: "id3",
        SnsItem: [
          { Tag: "Tag_SNS_IM_Remark", Value: "remark3" },
          { Tag: "Tag_SNS_IM_Group", Value: ["group3"] },
          { Tag: "Tag_SNS_Custom_Test", Value: "test" },
        ],
      },
    ],
  },
  basicResponse:
    '{"ResultItem":[{"To_Account":"id1","ResultCode":0,"ResultInfo":""}],"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}',
  batchResponse:
    '{"ResultItem":[{"To_Account":"id1","ResultCode":0,"ResultInfo":""},{"To_Account":"id2","ResultCode":30011,"ResultInfo":"Err_SNS_FriendUpdate_Group_Num_Exceed_Threshold"},{"To_Account":"id3","ResultCode":30002,"ResultInfo":"Err_SNS_FriendImport_SdkAppId_Illegal"}],"Fail_Account":["id2","id3"],"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","ErrorDisplay":""}',
};

// Seed 001 (v4/sns/friend_get_list). "Response to a batch request" under "Sample request" is a request
// (docs/rest-api.md#errata).
const TAG_LIST = [
  "Tag_Profile_Custom_Test",
  "Tag_Profile_IM_Image",
  "Tag_Profile_IM_Nick",
  "Tag_SNS_Custom_Test",
  "Tag_SNS_IM_Remark",
  "Tag_SNS_IM_Group",
];
const SEED_001 = {
  basicRequest: { From_Account: "UserID_1", To_Account: ["UserID_2"], TagList: TAG_LIST },
  batchRequest: { From_Account: "UserID_1", To_Account: ["UserID_2", "UserID_3", "UserID_4"], TagList: TAG_LIST },
  basicResponse:
    '{"InfoItem": [{"To_Account": "UserID_2","SnsProfileItem": [{"Tag": "Tag_SNS_IM_Remark","Value": "remark_2"},{"Tag": "Tag_SNS_IM_Group","Value": ["group1","group2"]},{"Tag": "Tag_Profile_IM_Nick","Value": "nick_2"},{"Tag": "Tag_SNS_Custom_Test","Value": "custom_sns_2"},{"Tag": "Tag_Profile_Custom_Test","Value": "custom_profile_2"}],"ResultCode": 0,"ResultInfo": ""}],"ActionStatus": "OK","ErrorCode": 0,"ErrorInfo": "","ErrorDisplay": ""}',
  batchResponse:
    '{"InfoItem": [{"To_Account": "UserID_2","SnsProfileItem": [{"Tag": "Tag_SNS_IM_Remark","Value": "remark_2"},{"Tag": "Tag_SNS_IM_Group","Value": ["group1","group2"]},{"Tag": "Tag_Profile_IM_Nick","Value": "nick_2"},{"Tag": "Tag_SNS_Custom_Test","Value": "custom_sns_2"},{"Tag": "Tag_Profile_Custom_Test","Value": "custom_profile_2"}],"ResultCode": 0,"ResultInfo": ""},{"To_Account": "UserID_3","SnsProfileItem": [{"Tag": "Tag_SNS_IM_Remark","Value": "remark_3"},{"Tag": "Tag_Profile_IM_Nick","Value": "nick_3"},{"Tag": "Tag_Profile_Custom_Test","Value": "custom_profile_3"}],"ResultCode": 0,"ResultInfo": ""},{"To_Account": "UserID_4","ResultCode": 30001,"ResultInfo": "Err_SNS_FriendGetList_Friend_Not_Exist"}],"Fail_Account": ["UserID_4"],"ActionStatus": "OK","ErrorCode": 0,"ErrorInfo": "","ErrorDisplay": ""}',
};

/** The same JSON text modulo whitespace: key order and array order count. */
const sameJson = (actual: string, documented: string) =>
  expect(JSON.stringify(JSON.parse(actual))).toBe(JSON.stringify(JSON.parse(documented)));

describe("seed 000: friend_update", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.control.seedAccounts(["id", "id1", "id2", "id3"]);
    await importFriends(h.http, "id", ["id1", "id2", "id3"]);
  });
  afterEach(() => h.close());

  const friendOf = async (to: string) => (await h.control.state()).accounts.id.friends[to];

  test("basic request: the documented response, and the remark is stored", async () => {
    const res = await h.http.call("sns/friend_update", SEED_000.basicRequest);
    sameJson(res.text, SEED_000.basicResponse);
    expect((await friendOf("id1")).remark).toBe("remark1");
  });

  test("complete request (remark, lists, custom field): the documented response, every field stored", async () => {
    const res = await h.http.call("sns/friend_update", SEED_000.completeRequest);
    sameJson(res.text, SEED_000.basicResponse);
    expect(await friendOf("id1")).toMatchObject({
      remark: "remark1",
      groups: ["group1", "group2"],
      custom: { Tag_SNS_Custom_Test: "test" },
    });
    // The lists were created implicitly (docs/rest-api.md#friend_update).
    expect((await h.control.state()).accounts.id.groups).toEqual(["group1", "group2"]);
  });

  test("batch request: id2 passes the 32-list limit (30011); id3's 30002 is forced, the page's copy artifact (docs/rest-api.md#errata)", async () => {
    // 31 lists exist: id2's two new lists would make 33; id3's one new list still fits, so its documented 30002
    // (an import tag in an update response) is injected as a per-item fault.
    await h.http.ok("sns/group_add", { From_Account: "id", GroupName: users("list", 31) });
    await h.control.setFaults({
      itemErrors: [
        { command: "friend_update", toAccount: "id3", code: 30002, info: "Err_SNS_FriendImport_SdkAppId_Illegal" },
      ],
    });
    const res = await h.http.call("sns/friend_update", SEED_000.batchRequest);
    sameJson(res.text, SEED_000.batchResponse);
    // Failed items changed nothing; the successful one did.
    expect((await friendOf("id1")).remark).toBe("remark1");
    expect(await friendOf("id2")).toMatchObject({ remark: "", groups: [] });
    expect(await friendOf("id3")).toMatchObject({ remark: "", groups: [], custom: {} });
  });

  test("batch request without injected faults and with room for lists: every item succeeds", async () => {
    const res = await h.http.call("sns/friend_update", SEED_000.batchRequest);
    expect(res.json.ResultItem.map((i: { ResultCode: number }) => i.ResultCode)).toEqual([0, 0, 0]);
    expect(res.json).not.toHaveProperty("Fail_Account");
    expect(await friendOf("id3")).toMatchObject({
      remark: "remark3",
      groups: ["group3"],
      custom: { Tag_SNS_Custom_Test: "test" },
    });
  });
});

describe("seed 001: friend_get_list", () => {
  async function seed001(h: Harness): Promise<void> {
    await h.control.seedAccounts(["UserID_1", "UserID_2", "UserID_3", "UserID_4"]);
    await h.http.ok("profile/portrait_set", {
      From_Account: "UserID_2",
      ProfileItem: [
        { Tag: "Tag_Profile_IM_Nick", Value: "nick_2" },
        { Tag: "Tag_Profile_Custom_Test", Value: "custom_profile_2" },
      ],
    });
    await h.http.ok("profile/portrait_set", {
      From_Account: "UserID_3",
      ProfileItem: [
        { Tag: "Tag_Profile_IM_Nick", Value: "nick_3" },
        { Tag: "Tag_Profile_Custom_Test", Value: "custom_profile_3" },
      ],
    });
    await importFriends(h.http, "UserID_1", [
      { to: "UserID_2", remark: "remark_2", groups: ["group1", "group2"], custom: { Test: "custom_sns_2" } },
      { to: "UserID_3", remark: "remark_3" },
    ]);
  }

  describe("by default: unset standard profile tags are omitted, as the documented sample shows", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
      await seed001(h);
    });
    afterAll(() => h.close());

    test("basic request: the documented response, byte for byte", async () => {
      sameJson((await h.http.call("sns/friend_get_list", SEED_001.basicRequest)).text, SEED_001.basicResponse);
    });

    test("batch request: a non-friend is item 30001 with no SnsProfileItem, unset SNS tags are omitted", async () => {
      sameJson((await h.http.call("sns/friend_get_list", SEED_001.batchRequest)).text, SEED_001.batchResponse);
    });
  });

  describe('with unsetProfileTags: "empty" (docs/rest-api.md#friend_get_list): they come back with their empty value', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ unsetProfileTags: "empty" });
      await seed001(h);
    });
    afterAll(() => h.close());

    test('the seed\'s batch response plus Tag_Profile_IM_Image "" for the two friends', async () => {
      const expected = JSON.parse(SEED_001.batchResponse);
      for (const item of expected.InfoItem.slice(0, 2)) {
        const nick = item.SnsProfileItem.findIndex((t: { Tag: string }) => t.Tag === "Tag_Profile_IM_Nick");
        item.SnsProfileItem.splice(nick, 0, { Tag: "Tag_Profile_IM_Image", Value: "" });
      }
      sameJson((await h.http.call("sns/friend_get_list", SEED_001.batchRequest)).text, JSON.stringify(expected));
    });
  });
});
