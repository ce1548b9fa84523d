import { checkFriendSet, parseFriendSetInputs } from "../../provider/friend-set/inputs";
import { UNKNOWN } from "../../provider/checks";

function failuresOf(news: Record<string, unknown>) {
  return checkFriendSet(news).failures;
}

describe("FriendSet check", () => {
  test("accepts an empty set, a full one, and the host's __provider", () => {
    expect(failuresOf({ fromAccount: "alice", friends: {} })).toEqual([]);
    expect(
      failuresOf({
        fromAccount: "alice",
        friends: { bob: { remark: "Bob", groups: ["team"], customFields: { Test: "lead" } }, carol: {} },
        __provider: "exports.handler = ...",
      }),
    ).toEqual([]);
  });

  test("names each violation by its exact path and rule, with what was given", () => {
    const failures = failuresOf({
      fromAccount: "alice",
      friends: {
        bob: { remark: "é".repeat(49) },
        carol: { groups: ["", "x".repeat(31)] },
        dave: { customFields: { Tag_SNS_Custom_Team: "x", Test: "y".repeat(501) } },
        "bad\u00e9": {},
        erin: { remrk: "typo" },
      },
    });
    const byPath = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    expect(byPath["friends.bob.remark"]).toMatch(/at most 96 bytes.*got 98 bytes/);
    expect(byPath["friends.carol.groups[0]"]).toMatch(/must not be empty/);
    expect(byPath["friends.carol.groups[1]"]).toMatch(/at most 30 bytes.*got 31 bytes/);
    expect(byPath["friends.dave.customFields.Tag_SNS_Custom_Team"]).toMatch(/write "Team"/);
    expect(byPath["friends.dave.customFields.Test"]).toMatch(/at most 500 bytes.*got 501 bytes/);
    expect(byPath['friends["bad\u00e9"]']).toMatch(/UserID of 1–32 bytes of printable ASCII/);
    expect(byPath["friends.erin"]).toMatch(/remrk/);
    expect(failures).toHaveLength(7);
  });

  test("the same rules as FriendRelation for fromAccount and group count", () => {
    const failures = failuresOf({
      fromAccount: "",
      friends: { bob: { groups: Array.from({ length: 33 }, (_, i) => `g${i}`) } },
    });
    expect(failures.map((f) => f.property).sort()).toEqual(["friends.bob.groups", "fromAccount"]);
    expect(failures.find((f) => f.property === "friends.bob.groups")?.reason).toMatch(
      /at most 32 friend lists.*got 33/,
    );
  });

  test("a user cannot be in their own set", () => {
    expect(failuresOf({ fromAccount: "alice", friends: { alice: {} } })).toEqual([
      { property: "friends.alice", reason: expect.stringMatching(/must differ from fromAccount/) },
    ]);
  });

  test("unknown values during preview are accepted wherever they are", () => {
    expect(failuresOf({ fromAccount: UNKNOWN, friends: UNKNOWN })).toEqual([]);
    expect(
      failuresOf({
        fromAccount: "alice",
        friends: { bob: UNKNOWN, carol: { remark: UNKNOWN, groups: ["a", UNKNOWN] } },
      }),
    ).toEqual([]);
  });

  test("records groups in normal form, so order and duplicates never cause a diff", () => {
    const { inputs } = checkFriendSet({
      fromAccount: "alice",
      friends: { bob: { groups: ["team", "design", "team"] }, carol: UNKNOWN },
    });
    expect(inputs.friends).toEqual({ bob: { groups: ["design", "team"] }, carol: UNKNOWN });
  });

  test("parse gives the typed form and refuses what check refuses", () => {
    expect(
      parseFriendSetInputs({ fromAccount: "alice", friends: { bob: { groups: ["b", "a"] } }, __provider: "x" }),
    ).toEqual({
      fromAccount: "alice",
      friends: { bob: { groups: ["a", "b"] } },
    });
    expect(() => parseFriendSetInputs({ fromAccount: "alice", friends: { bob: { remark: 5 } } })).toThrow(
      /friends\.bob\.remark/,
    );
  });
});
