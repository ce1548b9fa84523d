import { type Declaration, DeclarationFileError, parseDeclaration, undeclaredFriends } from "../../cli/declaration";

/** The example in cli/declaration/README.md: the format's own example, with `dave` declared (see the last test). */
const EXAMPLE = `# seed friend data for a staging app
accounts:
  alice:
    nick: Alice
    faceUrl: https://example.com/alice.png
    profile:
      Tag_Profile_IM_Gender: Gender_Type_Female
      Tag_Profile_Custom_Team: payments
    friends:
      bob: { remark: "Bob (design)", groups: [team, design], customFields: { Test: lead } }
      carol: {}
  bob:
    nick: Bob
  carol: {}
  dave: {}
mutual:            # shorthand: both directions
  - [bob, carol]
  - { between: [alice, dave], groups: [team] }
`;

function parseYaml(text: string): Declaration {
  return parseDeclaration(text, "seed.yaml");
}

describe("parseDeclaration", () => {
  test("the README's example parses and expands: accounts as declared, each pair in both directions", () => {
    expect(parseYaml(EXAMPLE)).toStrictEqual({
      accounts: {
        alice: {
          nick: "Alice",
          faceUrl: "https://example.com/alice.png",
          profile: { Tag_Profile_IM_Gender: "Gender_Type_Female", Tag_Profile_Custom_Team: "payments" },
          friends: {
            bob: { remark: "Bob (design)", groups: ["design", "team"], customFields: { Test: "lead" } },
            carol: {},
            dave: { groups: ["team"] },
          },
        },
        bob: { nick: "Bob", profile: {}, friends: { carol: {} } },
        carol: { profile: {}, friends: { bob: {} } },
        dave: { profile: {}, friends: { alice: { groups: ["team"] } } },
      },
    });
  });

  test("the same declaration written as JSON parses to the same value", () => {
    const json = JSON.stringify({
      accounts: {
        alice: {
          nick: "Alice",
          faceUrl: "https://example.com/alice.png",
          profile: { Tag_Profile_IM_Gender: "Gender_Type_Female", Tag_Profile_Custom_Team: "payments" },
          friends: {
            bob: { remark: "Bob (design)", groups: ["team", "design"], customFields: { Test: "lead" } },
            carol: {},
          },
        },
        bob: { nick: "Bob" },
        carol: {},
        dave: {},
      },
      mutual: [["bob", "carol"], { between: ["alice", "dave"], groups: ["team"] }],
    });
    expect(parseDeclaration(json, "seed.json")).toStrictEqual(parseYaml(EXAMPLE));
  });

  test("version 1 is accepted; an empty value stands for an empty account, friend, profile or friends map", () => {
    const decl = parseYaml(
      ["version: 1", "accounts:", "  alice:", "    profile:", "    friends:", "      bob:", "  bob:", "mutual:"].join(
        "\n",
      ),
    );
    expect(decl).toStrictEqual({
      accounts: { alice: { profile: {}, friends: { bob: {} } }, bob: { profile: {}, friends: {} } },
    });
  });

  test("groups are a set: sorted and without repeats; integer profile fields are numbers", () => {
    const decl = parseYaml(
      [
        "accounts:",
        "  alice:",
        "    profile: { Tag_Profile_IM_Level: 7, Tag_Profile_IM_BirthDay: 20190419 }",
        "    friends:",
        "      bob: { groups: [z, a, z, m] }",
      ].join("\n"),
    );
    expect(decl.accounts.alice.friends.bob.groups).toEqual(["a", "m", "z"]);
    expect(decl.accounts.alice.profile).toStrictEqual({ Tag_Profile_IM_Level: 7, Tag_Profile_IM_BirthDay: 20190419 });
  });

  test("a name is the text written: plain 123, true and null as keys or pair members are the UserIDs '123', 'true', 'null'", () => {
    const decl = parseYaml(
      [
        "accounts:",
        "  123: { friends: { null: {} } }",
        '  "true": {}',
        "  null: {}",
        "mutual:",
        "  - [123, true]",
      ].join("\n"),
    );
    expect(decl).toStrictEqual({
      accounts: {
        "123": { profile: {}, friends: { null: {}, true: {} } },
        true: { profile: {}, friends: { "123": {} } },
        null: { profile: {}, friends: {} },
      },
    });
  });

  test("an alias repeats a value where it is used", () => {
    const decl = parseYaml(
      [
        "accounts:",
        "  alice:",
        "    friends:",
        "      bob: &lead { groups: [team], customFields: { Test: lead } }",
        "      carol: *lead",
        "  bob: {}",
        "  carol: {}",
      ].join("\n"),
    );
    expect(decl.accounts.alice.friends.carol).toStrictEqual({ groups: ["team"], customFields: { Test: "lead" } });
  });
});

describe("mutual", () => {
  const accounts = ["accounts:", "  alice:", "    friends:"];

  function expand(friendLines: string[], pairLines: string[]): Declaration {
    return parseYaml([...accounts, ...friendLines, "  bob: {}", "mutual:", ...pairLines].join("\n"));
  }

  test("each pair adds each member to the other's friends, with the pair's groups and custom fields", () => {
    const decl = expand([], ["  - { between: [alice, bob], groups: [team], customFields: { Test: x } }"]);
    expect(decl.accounts.alice.friends).toStrictEqual({ bob: { groups: ["team"], customFields: { Test: "x" } } });
    expect(decl.accounts.bob.friends).toStrictEqual({ alice: { groups: ["team"], customFields: { Test: "x" } } });
  });

  test("the two directions are separate objects", () => {
    const decl = expand([], ["  - { between: [alice, bob], groups: [team], customFields: { Test: x } }"]);
    decl.accounts.alice.friends.bob.groups?.push("other");
    decl.accounts.alice.friends.bob.customFields!.Test = "changed";
    expect(decl.accounts.bob.friends.alice).toStrictEqual({ groups: ["team"], customFields: { Test: "x" } });
  });

  test("an explicit entry wins field by field; the pair fills what it leaves out", () => {
    const decl = expand(
      ['      bob: { remark: "Bobby", customFields: { Test: mine } }'],
      ["  - { between: [alice, bob], groups: [team], customFields: { Test: pair, Role: dev } }"],
    );
    expect(decl.accounts.alice.friends.bob).toStrictEqual({
      remark: "Bobby",
      groups: ["team"],
      customFields: { Test: "mine", Role: "dev" },
    });
    // The other direction has no explicit entry: the pair's fields alone.
    expect(decl.accounts.bob.friends.alice).toStrictEqual({
      groups: ["team"],
      customFields: { Test: "pair", Role: "dev" },
    });
  });

  test("explicit groups replace the pair's groups (groups are one field), an explicit [] included", () => {
    const decl = expand(["      bob: { groups: [design] }"], ["  - { between: [alice, bob], groups: [team] }"]);
    expect(decl.accounts.alice.friends.bob).toStrictEqual({ groups: ["design"] });
    const cleared = expand(["      bob: { groups: [] }"], ["  - { between: [alice, bob], groups: [team] }"]);
    expect(cleared.accounts.alice.friends.bob).toStrictEqual({ groups: [] });
  });

  test("an explicit entry with no fields takes the pair's fields; a bare pair adds nothing to an explicit entry", () => {
    const filled = expand(["      bob: {}"], ["  - { between: [alice, bob], groups: [team] }"]);
    expect(filled.accounts.alice.friends.bob).toStrictEqual({ groups: ["team"] });
    const bare = expand(['      bob: { remark: "B" }'], ["  - [bob, alice]"]);
    expect(bare.accounts.alice.friends.bob).toStrictEqual({ remark: "B" });
    expect(bare.accounts.bob.friends.alice).toStrictEqual({});
  });
});

describe("undeclaredFriends", () => {
  test("friends that are not declared accounts, sorted, each once", () => {
    const decl = parseYaml(
      [
        "accounts:",
        "  alice: { friends: { zed: {}, bob: {}, mia: {} } }",
        "  bob: { friends: { zed: {}, alice: {}, Amy: {} } }",
      ].join("\n"),
    );
    expect(undeclaredFriends(decl)).toEqual(["Amy", "mia", "zed"]);
    expect(undeclaredFriends({ accounts: {} })).toEqual([]);
  });
});

describe("DeclarationFileError", () => {
  test("the brief's example as first written names an undeclared pair member", () => {
    const withoutDave = EXAMPLE.replace("  dave: {}\n", "");
    expect(() => parseYaml(withoutDave)).toThrow(
      new DeclarationFileError("seed.yaml", [
        {
          line: 17,
          column: 24,
          path: "mutual[1].between[1]",
          message:
            '"dave" is not declared under accounts; a pair gives both accounts a friend, so declare it ("dave": {})',
        },
      ]),
    );
  });
});
