import { currentTags, importFields, tagChanges, tagsToRead } from "../../provider/friends/managed-tags";

describe("the tags one friend's resource manages", () => {
  test("the tags to read follow what the resource manages, then the profile tags", () => {
    expect(tagsToRead({ remark: "r", customFields: { Test: "x" } }, ["Tag_Profile_IM_Nick"])).toEqual([
      "Tag_SNS_IM_AddSource",
      "Tag_SNS_IM_AddWording",
      "Tag_SNS_IM_AddTime",
      "Tag_SNS_IM_Remark",
      "Tag_SNS_Custom_Test",
      "Tag_Profile_IM_Nick",
    ]);
  });

  test("current values hold exactly the managed tags, unset ones as empty", () => {
    const items = [
      { Tag: "Tag_SNS_IM_AddTime", Value: 1700000000 },
      { Tag: "Tag_SNS_IM_Group", Value: ["b", "a"] },
      { Tag: "Tag_SNS_Custom_Test", Value: "x" },
      { Tag: "Tag_SNS_IM_Remark", Value: "someone else's" },
    ];
    expect(currentTags({ remark: "r", groups: [], customFields: { Test: "", Other: "" } }, items)).toEqual({
      remark: "someone else's",
      groups: ["a", "b"],
      customFields: { Test: "x", Other: "" },
    });
    expect(currentTags({}, items)).toEqual({});
  });

  test("changes name only what differs; groups compare as a set; a tag no longer declared is cleared", () => {
    expect(tagChanges({ remark: "a", groups: ["x", "y"] }, { remark: "a", groups: ["y", "x"] })).toEqual({
      items: [],
      hasUnknowns: false,
    });
    expect(tagChanges({ remark: "a", groups: ["x"], customFields: { Test: "t" } }, {}).items).toEqual([
      { Tag: "Tag_SNS_IM_Remark", Value: "" },
      { Tag: "Tag_SNS_IM_Group", Value: [] },
      { Tag: "Tag_SNS_Custom_Test", Value: "" },
    ]);
  });

  test("a new friendship carries its declared tags in the import item; empty values stay unset", () => {
    expect(importFields({ remark: "Bob", groups: ["b", "a"], customFields: { Test: "x", Empty: "" } })).toEqual({
      Remark: "Bob",
      GroupName: ["a", "b"],
      CustomItem: [{ Tag: "Tag_SNS_Custom_Test", Value: "x" }],
    });
    expect(importFields({ remark: "", groups: [] })).toEqual({});
  });
});
