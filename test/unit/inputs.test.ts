import { UNKNOWN } from "../../provider/checks";
import { checkInputs } from "../../provider/friend-relation/inputs";

const base = { fromAccount: "alice", toAccount: "bob" };

function failuresOf(news: Record<string, unknown>) {
  return checkInputs(news).failures;
}

describe("check (inputs)", () => {
  test("accepts a minimal relation and a full one", () => {
    expect(failuresOf(base)).toEqual([]);
    expect(
      failuresOf({
        ...base,
        remark: "Bob",
        groups: ["team", "design"],
        customFields: { Test: "lead" },
        addSource: "AddSource_Type_Pulumi",
        addWording: "hi",
        profileTags: ["Tag_Profile_IM_Nick", "Tag_Profile_Custom_Level"],
      }),
    ).toEqual([]);
  });

  test("ignores the __provider property the host adds", () => {
    expect(failuresOf({ ...base, __provider: "exports.handler = ..." })).toEqual([]);
  });

  test.each([
    [{ remark: "é".repeat(49) }, "remark", /at most 96 bytes.*got 98 bytes/],
    [{ groups: [""] }, "groups[0]", /must not be empty/],
    [{ groups: ["ok", "x".repeat(31)] }, "groups[1]", /at most 30 bytes.*got 31/],
    [{ groups: Array.from({ length: 33 }, (_, i) => `g${i}`) }, "groups", /at most 32 friend lists.*got 33/],
    [
      { customFields: { Tag_SNS_Custom_Test: "x" } },
      "customFields.Tag_SNS_Custom_Test",
      /keyword after "Tag_SNS_Custom_" \(write "Test"\)/,
    ],
    [{ customFields: { Nine_char: "x" } }, "customFields.Nine_char", /1–8 letters/],
    [{ customFields: { Toolongkey: "x" } }, "customFields.Toolongkey", /1–8 letters/],
    [{ customFields: { Test: "x".repeat(501) } }, "customFields.Test", /at most 500 bytes.*got 501/],
    [{ addSource: "Pulumi" }, "addSource", /"AddSource_Type_" followed by 1–8 letters.*got "Pulumi"/],
    [{ addSource: "AddSource_Type_Terraform" }, "addSource", /1–8 letters/],
    [{ addWording: "w".repeat(231) }, "addWording", /at most 230 bytes.*got 231/],
    [{ profileTags: ["Tag_SNS_IM_Remark"] }, "profileTags[0]", /standard profile tag/],
    [{ fromAccount: "x".repeat(33) }, "fromAccount", /UserID of 1–32 bytes.*33 bytes/],
    [{ toAccount: "" }, "toAccount", /UserID/],
    [{ toAccount: "bób" }, "toAccount", /printable ASCII/],
    [{ remark: 7 }, "remark", /expected string, received number/],
  ])("rejects %j at %s, naming the rule", (patch, property, reason) => {
    const failures = failuresOf({ ...base, ...patch });
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe(property);
    expect(failures[0].reason).toMatch(reason);
  });

  test("a missing required account is reported by name", () => {
    expect(failuresOf({ toAccount: "bob" }).map((f) => f.property)).toEqual(["fromAccount"]);
  });

  test("a user cannot befriend themself", () => {
    expect(failuresOf({ fromAccount: "alice", toAccount: "alice" })).toEqual([
      { property: "toAccount", reason: expect.stringMatching(/must differ from fromAccount/) },
    ]);
  });

  test("reports every violation at once", () => {
    const failures = failuresOf({ fromAccount: "", toAccount: "bob", remark: "r".repeat(97), groups: [""] });
    expect(failures.map((f) => f.property).sort()).toEqual(["fromAccount", "groups[0]", "remark"]);
  });

  test("accepts unknown values during preview, wherever they are", () => {
    expect(
      failuresOf({
        fromAccount: UNKNOWN,
        toAccount: UNKNOWN,
        remark: UNKNOWN,
        groups: UNKNOWN,
        customFields: UNKNOWN,
        addSource: UNKNOWN,
        addWording: UNKNOWN,
        profileTags: UNKNOWN,
      }),
    ).toEqual([]);
    expect(
      failuresOf({ ...base, groups: ["team", UNKNOWN], customFields: { Test: UNKNOWN }, profileTags: [UNKNOWN] }),
    ).toEqual([]);
  });

  test("still judges the known parts next to unknown ones", () => {
    const failures = failuresOf({ fromAccount: UNKNOWN, toAccount: "bob", groups: [UNKNOWN, ""] });
    expect(failures).toEqual([{ property: "groups[1]", reason: expect.stringMatching(/must not be empty/) }]);
  });

  test("normalizes groups and profile tags to sorted sets, keeping the rest as given", () => {
    const { inputs } = checkInputs({
      ...base,
      groups: ["b", "a", "b"],
      profileTags: ["Tag_Profile_IM_Nick", "Tag_Profile_IM_Gender"],
      remark: "r",
    });
    expect(inputs).toEqual({
      ...base,
      groups: ["a", "b"],
      profileTags: ["Tag_Profile_IM_Gender", "Tag_Profile_IM_Nick"],
      remark: "r",
    });
  });

  test("leaves a group list with unknown members as given", () => {
    expect(checkInputs({ ...base, groups: ["b", UNKNOWN, "a"] }).inputs.groups).toEqual(["b", UNKNOWN, "a"]);
  });
});
