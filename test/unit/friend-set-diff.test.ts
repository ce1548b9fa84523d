import { diffFriendSet, toFriendSetDiffResult } from "../../provider/friend-set/diff";
import { tagChanges } from "../../provider/friends/managed-tags";
import { decodeFriendSetId, encodeFriendSetId } from "../../provider/friend-set/id";
import { UNKNOWN } from "../../provider/checks";

const recorded = {
  fromAccount: "alice",
  friends: {
    bob: { remark: "Bob", groups: ["design", "team"], createdByResource: true },
    carol: { customFields: { Test: "x" }, createdByResource: false },
    dave: { remark: "Dave", createdByResource: true },
  },
};
const declared = {
  fromAccount: "alice",
  friends: {
    bob: { remark: "Bob", groups: ["team", "design"] },
    carol: { customFields: { Test: "x" } },
    dave: { remark: "Dave" },
  },
};

describe("FriendSet diff", () => {
  test("nothing changed: no changes, whatever the group order", () => {
    const d = diffFriendSet(recorded, declared);
    expect(d).toEqual({ replaces: [], added: [], removed: [], changed: [], hasUnknowns: false });
    expect(toFriendSetDiffResult(d)).toEqual({ changes: false });
  });

  test("finds added, removed and changed friends, each with only its changed tags", () => {
    const d = diffFriendSet(recorded, {
      fromAccount: "alice",
      friends: { bob: { remark: "Bobby", groups: ["team", "design"] }, carol: {}, erin: { remark: "Erin" } },
    });
    expect(d.added).toEqual(["erin"]);
    expect(d.removed).toEqual(["dave"]);
    expect(d.changed).toEqual([
      { toAccount: "bob", tagChanges: [{ Tag: "Tag_SNS_IM_Remark", Value: "Bobby" }], newlyManaged: [] },
      // carol's custom field is no longer declared: cleared, as FriendRelation clears a removed tag.
      { toAccount: "carol", tagChanges: [{ Tag: "Tag_SNS_Custom_Test", Value: "" }], newlyManaged: [] },
    ]);
    // Per friend and per tag, for `pulumi preview --diff`.
    expect(toFriendSetDiffResult(d)).toEqual({
      changes: true,
      detailedDiff: {
        "friends.bob.remark": "update",
        "friends.carol.customFields.Test": "update",
        "friends.dave": "delete",
        "friends.erin": "add",
      },
    });
  });

  test("an adopted friend: a released tag goes back to its earlier value; a tag managed from now on is a change", () => {
    const d = diffFriendSet(
      {
        fromAccount: "alice",
        friends: {
          carol: {
            customFields: { Test: "x" },
            createdByResource: false,
            tagsBeforeAdoption: { customFields: { Test: "orig" } },
          },
        },
      },
      { fromAccount: "alice", friends: { carol: { remark: "" } } },
    );
    expect(d.changed).toEqual([
      {
        toAccount: "carol",
        tagChanges: [{ Tag: "Tag_SNS_Custom_Test", Value: "orig" }],
        newlyManaged: ["friends.carol.remark"],
      },
    ]);
    expect(toFriendSetDiffResult(d)).toEqual({
      changes: true,
      detailedDiff: { "friends.carol.remark": "update", "friends.carol.customFields.Test": "update" },
    });
  });

  test("changing fromAccount replaces, deleting first", () => {
    const d = diffFriendSet(recorded, { ...declared, fromAccount: "zed" });
    expect(toFriendSetDiffResult(d)).toEqual({
      changes: true,
      replaces: ["fromAccount"],
      deleteBeforeReplace: true,
      detailedDiff: { fromAccount: "update-replace" },
    });
    expect(toFriendSetDiffResult(diffFriendSet(recorded, { ...declared, fromAccount: UNKNOWN })).replaces).toEqual([
      "fromAccount",
    ]);
  });

  test("unknown values make the diff report a possible change without guessing", () => {
    expect(toFriendSetDiffResult(diffFriendSet(recorded, { fromAccount: "alice", friends: UNKNOWN as never }))).toEqual(
      { changes: true },
    );
    const d = diffFriendSet(recorded, {
      fromAccount: "alice",
      friends: { ...declared.friends, bob: { remark: UNKNOWN, groups: ["design", "team"] } },
    });
    expect(d.hasUnknowns).toBe(true);
    expect(d.changed).toEqual([]);
  });

  test("clearing every managed tag of a friend leaving the set", () => {
    expect(tagChanges({ remark: "Bob", groups: ["team"], customFields: { Test: "x" } }, {}).items).toEqual([
      { Tag: "Tag_SNS_IM_Remark", Value: "" },
      { Tag: "Tag_SNS_IM_Group", Value: [] },
      { Tag: "Tag_SNS_Custom_Test", Value: "" },
    ]);
    expect(tagChanges({}, {}).items).toEqual([]);
  });

  test("the id is the percent-encoded fromAccount and round-trips any UserID", () => {
    for (const user of ["alice", "a/b%c d", "~!@#$^&*()"])
      expect(decodeFriendSetId(encodeFriendSetId(user))).toBe(user);
    expect(encodeFriendSetId("alice")).toBe("alice");
    expect(() => decodeFriendSetId("%E0%A4%A")).toThrow(/not valid percent-encoding/);
    expect(() => decodeFriendSetId("")).toThrow(/is not a UserID/);
  });
});
