import { diffRelation, toDiffResult } from "../../provider/friend-relation/diff";
import { UNKNOWN } from "../../provider/checks";

const recorded = {
  fromAccount: "alice",
  toAccount: "bob",
  remark: "Bob",
  groups: ["design", "team"],
  customFields: { Test: "lead" },
  addSource: "AddSource_Type_Pulumi",
  addTime: 1700000000,
  profile: {},
  createdByResource: true,
};
const declared = {
  fromAccount: "alice",
  toAccount: "bob",
  remark: "Bob",
  groups: ["team", "design"],
  customFields: { Test: "lead" },
};

describe("diff", () => {
  test("nothing changed: no changes, whatever the group order", () => {
    const d = diffRelation(recorded, declared);
    expect(d.tagChanges).toEqual([]);
    expect(toDiffResult(d)).toEqual({ changes: false });
  });

  test("a changed remark is the only tag sent", () => {
    const d = diffRelation(recorded, { ...declared, remark: "Bobby" });
    expect(d.tagChanges).toEqual([{ Tag: "Tag_SNS_IM_Remark", Value: "Bobby" }]);
    // The detailed diff names it for `pulumi preview --diff`.
    expect(toDiffResult(d)).toEqual({ changes: true, detailedDiff: { remark: "update" } });
  });

  test("groups are compared as sets and sent sorted", () => {
    expect(diffRelation(recorded, { ...declared, groups: ["team", "design", "team"] }).tagChanges).toEqual([]);
    expect(diffRelation(recorded, { ...declared, groups: ["ops", "team"] }).tagChanges).toEqual([
      { Tag: "Tag_SNS_IM_Group", Value: ["ops", "team"] },
    ]);
  });

  test("a tag the user removed is cleared with its empty value", () => {
    const d = diffRelation(recorded, { fromAccount: "alice", toAccount: "bob" });
    expect(d.tagChanges).toEqual([
      { Tag: "Tag_SNS_IM_Remark", Value: "" },
      { Tag: "Tag_SNS_IM_Group", Value: [] },
      { Tag: "Tag_SNS_Custom_Test", Value: "" },
    ]);
  });

  test("a tag the resource never managed is left alone", () => {
    const unmanaged = { fromAccount: "alice", toAccount: "bob", addTime: 1, profile: {}, createdByResource: false };
    expect(diffRelation(unmanaged, { fromAccount: "alice", toAccount: "bob" }).tagChanges).toEqual([]);
    expect(diffRelation(unmanaged, { fromAccount: "alice", toAccount: "bob", remark: "" }).tagChanges).toEqual([]);
  });

  test("custom fields: added, changed and removed keys", () => {
    const d = diffRelation(
      { ...recorded, customFields: { Test: "lead", Old: "x" } },
      { ...declared, customFields: { Test: "member", New: "y" } },
    );
    expect(d.tagChanges).toEqual([
      { Tag: "Tag_SNS_Custom_New", Value: "y" },
      { Tag: "Tag_SNS_Custom_Old", Value: "" },
      { Tag: "Tag_SNS_Custom_Test", Value: "member" },
    ]);
  });

  test.each(["fromAccount", "toAccount"])(
    "changing %s replaces, deleting first, with only identity in replaces",
    (field) => {
      const d = diffRelation(recorded, { ...declared, [field]: "carol", remark: "Carol" });
      expect(toDiffResult(d)).toEqual({
        changes: true,
        replaces: [field],
        deleteBeforeReplace: true,
        detailedDiff: { [field]: "update-replace", remark: "update" },
      });
    },
  );

  test("addSource and addWording are create-only: changing them is no change", () => {
    expect(
      toDiffResult(diffRelation(recorded, { ...declared, addSource: "AddSource_Type_Other", addWording: "new" })),
    ).toEqual({ changes: false });
  });

  test("profile tags to read are a change of outputs without any write", () => {
    const d = diffRelation(recorded, { ...declared, profileTags: ["Tag_Profile_IM_Nick"] });
    expect(d.tagChanges).toEqual([]);
    expect(toDiffResult(d)).toEqual({ changes: true, detailedDiff: { profileTags: "update" } });
  });

  test("unknown values (preview) count as possible changes, an unknown identity as a replacement", () => {
    expect(toDiffResult(diffRelation(recorded, { ...declared, remark: UNKNOWN }))).toEqual({ changes: true });
    expect(toDiffResult(diffRelation(recorded, { ...declared, groups: ["team", UNKNOWN] }))).toEqual({ changes: true });
    expect(toDiffResult(diffRelation(recorded, { ...declared, customFields: { Test: UNKNOWN } }))).toEqual({
      changes: true,
    });
    expect(toDiffResult(diffRelation(recorded, { ...declared, toAccount: UNKNOWN }))).toEqual({
      changes: true,
      replaces: ["toAccount"],
      deleteBeforeReplace: true,
      detailedDiff: { toAccount: "update-replace" },
    });
  });

  test("state written without optional outputs still diffs (older provider versions)", () => {
    expect(
      toDiffResult(
        diffRelation({ fromAccount: "alice", toAccount: "bob" }, { fromAccount: "alice", toAccount: "bob" }),
      ),
    ).toEqual({ changes: false });
  });
});
