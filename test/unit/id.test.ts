import { decodeRelationId, encodeRelationId } from "../../provider/friend-relation/id";
import { isLegalUserId } from "../../provider/friends/field-rules";

describe("FriendRelation id", () => {
  test("ordinary UserIDs give a readable id", () => {
    expect(encodeRelationId({ fromAccount: "alice", toAccount: "support_bot-2" })).toBe("alice/support_bot-2");
  });

  test.each([
    ["a/b", "c"],
    ["100%", "%2F"],
    ["a b", "?#&="],
    [" ", "~"],
    ["x".repeat(32), "/".repeat(32)],
    ['"quoted"', "back\\slash"],
  ])("round-trips %j → %j", (fromAccount, toAccount) => {
    const id = encodeRelationId({ fromAccount, toAccount });
    expect(id.split("/")).toHaveLength(2);
    expect(decodeRelationId(id)).toEqual({ fromAccount, toAccount });
  });

  test("round-trips every printable ASCII character on either side", () => {
    const printable = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).join("");
    for (let i = 0; i < printable.length; i += 32) {
      const part = printable.slice(i, i + 32);
      expect(decodeRelationId(encodeRelationId({ fromAccount: part, toAccount: "b" }))).toEqual({
        fromAccount: part,
        toAccount: "b",
      });
      expect(decodeRelationId(encodeRelationId({ fromAccount: "a", toAccount: part }))).toEqual({
        fromAccount: "a",
        toAccount: part,
      });
    }
  });

  test.each([
    ["alice", /exactly 1/],
    ["a/b/c", /exactly 1/],
    ["/bob", /fromAccount "" is not a UserID/],
    ["%zz/bob", /not valid percent-encoding/],
    [`${"x".repeat(33)}/bob`, /is not a UserID/],
    ["al%C3%A9/bob", /is not a UserID/],
  ])("rejects %j, saying what an id must look like", (id, why) => {
    expect(() => decodeRelationId(id)).toThrow(why);
    expect(() => decodeRelationId(id)).toThrow(/expected "<fromAccount>\/<toAccount>"/);
  });

  test("UserID rule: printable ASCII, 1–32 bytes", () => {
    expect(isLegalUserId("a")).toBe(true);
    expect(isLegalUserId("x".repeat(32))).toBe(true);
    expect(isLegalUserId("x".repeat(33))).toBe(false);
    expect(isLegalUserId("")).toBe(false);
    expect(isLegalUserId("tab\there")).toBe(false);
    expect(isLegalUserId("é")).toBe(false);
  });
});
