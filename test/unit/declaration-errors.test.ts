import { DeclarationFileError, loadDeclaration, parseDeclaration } from "../../cli/declaration";
import { ErrorCodes, TencentChatError } from "../../provider/errors";

/** The lines of the error `parseDeclaration` throws; fails the test if it does not throw one. */
function linesOf(text: string, file = "seed.yaml"): string[] {
  try {
    parseDeclaration(text, file);
  } catch (error) {
    if (error instanceof DeclarationFileError) return error.message.split("\n");
    throw error;
  }
  throw new Error("expected a DeclarationFileError");
}

const yaml = (...lines: string[]) => lines.join("\n");

describe("the error", () => {
  test("is a TencentChatError with code INVALID_INPUTS, the file and each problem as data", () => {
    let caught: unknown;
    try {
      parseDeclaration(
        yaml("accounts:", "  alice:", "    friends:", `      bob: { remark: "${"x".repeat(97)}" }`),
        "seed.yaml",
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DeclarationFileError);
    expect(caught).toBeInstanceOf(TencentChatError);
    const error = caught as DeclarationFileError;
    expect(error.code).toBe(ErrorCodes.INVALID_INPUTS);
    expect(error.file).toBe("seed.yaml");
    expect(error.problems).toEqual([
      {
        line: 4,
        column: 22,
        path: "accounts.alice.friends.bob.remark",
        message: "remark must be at most 96 bytes (UTF-8), got 97 bytes",
      },
    ]);
    expect(error.message).toBe(
      "seed.yaml:4:22: accounts.alice.friends.bob.remark: remark must be at most 96 bytes (UTF-8), got 97 bytes",
    );
  });

  test("lists every problem, one per line, sorted by position whatever order they were found in", () => {
    const lines = linesOf(
      yaml(
        "mutual:",
        "  - [alice, alice]",
        "accounts:",
        "  alice:",
        "    nik: Alice",
        "    friends:",
        "      alice: {}",
        "version: 2",
      ),
    );
    expect(lines).toEqual([
      'seed.yaml:2:13: mutual[0][1]: a pair names two different accounts, got "alice" twice',
      'seed.yaml:5:5: accounts.alice.nik: unknown key (did you mean "nick"?); known keys: nick, faceUrl, profile, friends',
      "seed.yaml:7:7: accounts.alice.friends.alice: an account cannot be its own friend",
      "seed.yaml:8:10: version: must be 1, got 2",
    ]);
  });
});

describe("friend rules, at the value or key they are about", () => {
  test("remark, groups and custom fields follow the provider's field rules", () => {
    const lines = linesOf(
      yaml(
        "accounts:",
        "  alice:",
        "    friends:",
        `      bob: { remark: "${"é".repeat(49)}" }`,
        `      carol: { groups: ["", ${"g".repeat(31)}, 7] }`,
        `      dave: { groups: [${Array.from({ length: 33 }, (_, i) => `g${i}`).join(", ")}] }`,
        "      erin: { groups: team }",
        `      finn: { customFields: { Tag_SNS_Custom_Team: x, Two_Words: y, Abcdefghi: z, Test: ${"v".repeat(501)} } }`,
        "      gus: { customFields: { Test: 5 } }",
      ),
    );
    expect(lines).toEqual([
      "seed.yaml:4:22: accounts.alice.friends.bob.remark: remark must be at most 96 bytes (UTF-8), got 98 bytes",
      "seed.yaml:5:25: accounts.alice.friends.carol.groups[0]: group name must not be empty",
      "seed.yaml:5:29: accounts.alice.friends.carol.groups[1]: group name must be at most 30 bytes (UTF-8), got 31 bytes",
      "seed.yaml:5:62: accounts.alice.friends.carol.groups[2]: expected a string, got 7",
      "seed.yaml:6:23: accounts.alice.friends.dave.groups: at most 32 friend lists, got 33",
      'seed.yaml:7:23: accounts.alice.friends.erin.groups: expected a list, got "team"',
      'seed.yaml:8:31: accounts.alice.friends.finn.customFields.Tag_SNS_Custom_Team: must be the keyword after "Tag_SNS_Custom_" (write "Team"), got "Tag_SNS_Custom_Team"',
      'seed.yaml:8:55: accounts.alice.friends.finn.customFields.Two_Words: custom field keyword must be 1–8 letters (A–Z, a–z), got "Two_Words"',
      'seed.yaml:8:69: accounts.alice.friends.finn.customFields.Abcdefghi: custom field keyword must be 1–8 letters (A–Z, a–z), got "Abcdefghi"',
      "seed.yaml:8:89: accounts.alice.friends.finn.customFields.Test: custom field value must be at most 500 bytes (UTF-8), got 501 bytes",
      "seed.yaml:9:36: accounts.alice.friends.gus.customFields.Test: expected a string, got 5",
    ]);
  });

  test("friend and account UserIDs are printable ASCII of 1–32 bytes; an account is never its own friend", () => {
    const lines = linesOf(
      yaml(
        "accounts:",
        `  ${"a".repeat(33)}: {}`,
        "  alice:",
        "    friends:",
        '      "zoë": {}',
        '      "": {}',
        "      alice: { remark: me }",
      ),
    );
    expect(lines).toEqual([
      `seed.yaml:2:3: accounts.${"a".repeat(33)}: must be a UserID of 1–32 bytes of printable ASCII, got "${"a".repeat(33)}" (33 bytes)`,
      'seed.yaml:5:7: accounts.alice.friends["zoë"]: must be a UserID of 1–32 bytes of printable ASCII, got "zoë" (4 bytes)',
      'seed.yaml:6:7: accounts.alice.friends[""]: must be a UserID of 1–32 bytes of printable ASCII, got "" (0 bytes)',
      "seed.yaml:7:7: accounts.alice.friends.alice: an account cannot be its own friend",
    ]);
  });

  test("at most 3000 friends per account, counted after mutual is expanded", () => {
    const explicit = Array.from({ length: 2999 }, (_, i) => `      f${i}: {}`);
    const lines = linesOf(
      yaml(
        "accounts:",
        "  alice:",
        "    friends:",
        ...explicit,
        "  bob: {}",
        "  carol: {}",
        "mutual:",
        "  - [alice, bob]",
        "  - [carol, alice]",
      ),
    );
    expect(lines).toEqual([
      "seed.yaml:3:5: accounts.alice.friends: at most 3000 friends per account, got 3001 (2999 under friends, 2 more from mutual)",
    ]);
    // Exactly 3000 is allowed.
    expect(() =>
      parseDeclaration(
        yaml("accounts:", "  alice:", "    friends:", ...explicit, "  bob: {}", "mutual:", "  - [alice, bob]"),
        "seed.yaml",
      ),
    ).not.toThrow();
  });
});

describe("account rules", () => {
  test("nick, faceUrl and profile follow the Account's profile rules", () => {
    const lines = linesOf(
      yaml(
        "accounts:",
        "  alice:",
        `    nick: ${"n".repeat(501)}`,
        "    faceUrl: 42",
        "    profile:",
        "      Tag_Profile_IM_Gendr: Gender_Type_Female",
        "      Tag_Profile_IM_Nick: Alice",
        "      Tag_Profile_IM_Gender: female",
        "      Tag_Profile_IM_Level: high",
        "      Tag_Profile_IM_Location: Ho Chi Minh City, Vietnam",
        "      Tag_Profile_IM_Role: true",
        "      Tag_Profile_Custom_Team: 7",
      ),
    );
    expect(lines).toEqual([
      "seed.yaml:3:11: accounts.alice.nick: nick must be at most 500 bytes (UTF-8), got 501 bytes",
      "seed.yaml:4:14: accounts.alice.faceUrl: expected a string, got 42",
      'seed.yaml:6:7: accounts.alice.profile.Tag_Profile_IM_Gendr: must be a standard profile tag (Tag_Profile_IM_Gender, …) or Tag_Profile_Custom_<1–8 letters> (did you mean "Tag_Profile_IM_Gender"?)',
      "seed.yaml:7:7: accounts.alice.profile.Tag_Profile_IM_Nick: set nick instead",
      'seed.yaml:8:30: accounts.alice.profile.Tag_Profile_IM_Gender: must be one of Gender_Type_Unknown, Gender_Type_Female, Gender_Type_Male, got "female"',
      'seed.yaml:9:29: accounts.alice.profile.Tag_Profile_IM_Level: must be an unsigned 32-bit integer, got "high"',
      "seed.yaml:10:32: accounts.alice.profile.Tag_Profile_IM_Location: must be at most 16 bytes (UTF-8), got 25 bytes",
      "seed.yaml:11:28: accounts.alice.profile.Tag_Profile_IM_Role: expected a string or a number, got true",
      "seed.yaml:12:32: accounts.alice.profile.Tag_Profile_Custom_Team: must be a string, got 7",
    ]);
  });
});

describe("mutual rules", () => {
  test("pairs of two different declared accounts, each pair once, no remark", () => {
    const lines = linesOf(
      yaml(
        "accounts:",
        "  alice: {}",
        "  bob: {}",
        "mutual:",
        "  - [alice, bob]",
        "  - { between: [bob, alice], groups: [team] }",
        "  - [bob, bob]",
        "  - [alice, dave]",
        "  - [alice]",
        "  - { groups: [team] }",
        "  - { between: [alice, bob], remark: Friend, grups: [x] }",
        "  - alice",
        "  - [alice, [bob]]",
      ),
    );
    expect(lines).toEqual([
      'seed.yaml:6:5: mutual[1]: "bob" and "alice" are already paired at mutual[0] (5:5)',
      'seed.yaml:7:11: mutual[2][1]: a pair names two different accounts, got "bob" twice',
      'seed.yaml:8:13: mutual[3][1]: "dave" is not declared under accounts; a pair gives both accounts a friend, so declare it ("dave": {})',
      "seed.yaml:9:5: mutual[4]: expected the two accounts of the pair, [a, b], got 1 item",
      'seed.yaml:10:5: mutual[5]: missing key "between" (the two accounts of the pair)',
      'seed.yaml:11:5: mutual[6]: "alice" and "bob" are already paired at mutual[0] (5:5)',
      "seed.yaml:11:30: mutual[6].remark: a pair sets no remark, as a remark is one account's name for the other; set accounts.alice.friends.bob.remark and accounts.bob.friends.alice.remark instead",
      'seed.yaml:11:46: mutual[6].grups: unknown key (did you mean "groups"?); known keys: between, groups, customFields',
      'seed.yaml:12:5: mutual[7]: expected a pair [a, b] or { between: [a, b], groups, customFields }, got "alice"',
      "seed.yaml:13:13: mutual[8][1]: expected a UserID, got a list",
    ]);
  });

  test("a remark in a pair is reported even when the pair has no accounts to name", () => {
    expect(linesOf(yaml("accounts: {}", "mutual:", "  - { remark: x }"))).toEqual([
      'seed.yaml:3:5: mutual[0]: missing key "between" (the two accounts of the pair)',
      "seed.yaml:3:7: mutual[0].remark: a pair sets no remark, as a remark is one account's name for the other; set it under each account's friends instead",
    ]);
  });

  test("a pair's groups and custom fields follow the friend rules", () => {
    expect(
      linesOf(
        yaml(
          "accounts:",
          "  a: {}",
          "  b: {}",
          "mutual:",
          `  - { between: [a, b], groups: [""], customFields: { Test: 1 } }`,
        ),
      ),
    ).toEqual([
      "seed.yaml:5:33: mutual[0].groups[0]: group name must not be empty",
      "seed.yaml:5:60: mutual[0].customFields.Test: expected a string, got 1",
    ]);
  });
});

describe("shape", () => {
  test("unknown keys at every level name the closest known key", () => {
    expect(
      linesOf(
        yaml(
          "acounts: {}",
          "accounts:",
          "  alice:",
          "    frends: {}",
          "    friends:",
          "      bob: { remakr: x, customFeilds: {} }",
          "mutal: []",
        ),
      ),
    ).toEqual([
      'seed.yaml:1:1: acounts: unknown key (did you mean "accounts"?); known keys: version, accounts, mutual',
      'seed.yaml:4:5: accounts.alice.frends: unknown key (did you mean "friends"?); known keys: nick, faceUrl, profile, friends',
      'seed.yaml:6:14: accounts.alice.friends.bob.remakr: unknown key (did you mean "remark"?); known keys: remark, groups, customFields',
      'seed.yaml:6:25: accounts.alice.friends.bob.customFeilds: unknown key (did you mean "customFields"?); known keys: remark, groups, customFields',
      'seed.yaml:7:1: mutal: unknown key (did you mean "mutual"?); known keys: version, accounts, mutual',
    ]);
  });

  test("a key written twice is reported where it repeats, with where it was first", () => {
    expect(linesOf(yaml("accounts:", "  alice: {}", "  bob: {}", "  alice: { nick: A }"))).toEqual([
      "seed.yaml:4:3: accounts.alice: duplicate key, first at 2:3",
    ]);
    // A plain 1 and a quoted "1" are the same name.
    expect(linesOf(yaml("accounts:", "  1: {}", '  "1": {}'))).toEqual([
      'seed.yaml:3:3: accounts["1"]: duplicate key, first at 2:3',
    ]);
  });

  test("values of the wrong kind say what was expected and what was given", () => {
    expect(
      linesOf(
        yaml(
          "accounts:",
          "  alice: [1]",
          "  bob: { friends: [carol], profile: Tag_Profile_IM_Level }",
          "  carol: { friends: { dave: yes } }",
          "mutual: { a: b }",
        ),
      ),
    ).toEqual([
      "seed.yaml:2:10: accounts.alice: expected an account: a mapping of nick, faceUrl, profile, friends, got a list",
      "seed.yaml:3:19: accounts.bob.friends: expected a mapping of friend UserID → tags, got a list",
      'seed.yaml:3:37: accounts.bob.profile: expected a mapping of profile tag → value, got "Tag_Profile_IM_Level"',
      'seed.yaml:4:29: accounts.carol.friends.dave: expected a mapping of remark, groups, customFields, got "yes"',
      "seed.yaml:5:9: mutual: expected a list of pairs, got a mapping",
    ]);
  });

  test("the document must be a mapping with accounts", () => {
    expect(linesOf("")).toEqual([
      "seed.yaml:1:1: expected a mapping with the keys version, accounts, mutual, got an empty document",
    ]);
    expect(linesOf("# nothing yet\n")).toEqual([
      "seed.yaml:1:1: expected a mapping with the keys version, accounts, mutual, got an empty document",
    ]);
    expect(linesOf("\n- alice\n")).toEqual([
      "seed.yaml:2:1: expected a mapping with the keys version, accounts, mutual, got a list",
    ]);
    expect(linesOf("version: 1\n")).toEqual([
      'seed.yaml:1:1: missing key "accounts" (the declared accounts, by UserID)',
    ]);
    expect(linesOf('version: "1"\naccounts: {}\n')).toEqual(['seed.yaml:1:10: version: must be 1, got "1"']);
  });

  test("an alias that contains itself is refused, not followed forever", () => {
    expect(linesOf(yaml("accounts:", "  alice: &a", "    friends:", "      bob: *a"))).toEqual([
      "seed.yaml:4:12: accounts.alice.friends.bob: alias *a refers to a value that contains it",
    ]);
  });

  test("aliases that multiply the file (a billion laughs) stop at a budget, quickly", () => {
    // Nine levels of ten aliases each would be 10^9 values from a 400-byte file.
    const levels = ["  - &l0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      levels.push(
        `  - &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(", ")}]`,
      );
    const started = Date.now();
    const lines = linesOf(yaml("accounts: {}", "mutual:", ...levels));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(
      lines.filter((line) => line.endsWith(": aliases expand to too many values for the size of the file")),
    ).toHaveLength(1);
  });
});

describe("syntax errors", () => {
  test("a YAML syntax error is reported with the parser's line and column", () => {
    expect(linesOf(yaml("accounts:", "  alice: { nick: Alice", "  bob: {}"))).toEqual([
      "seed.yaml:3:3: Flow map in block collection must be sufficiently indented and end with a }",
    ]);
    expect(linesOf(yaml("accounts:", "\talice: {}"))).toEqual(["seed.yaml:2:1: Tabs are not allowed as indentation"]);
    expect(linesOf(yaml("accounts:", "  alice: [a, b", "bob: 1"))).toEqual([
      "seed.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  test("more than one document is an error", () => {
    expect(linesOf(yaml("accounts: {}", "---", "accounts: {}"))).toEqual([
      "seed.yaml:2:1: Source contains multiple documents; please use YAML.parseAllDocuments()",
    ]);
  });

  test("an unknown tag is an error, not a silent string", () => {
    expect(linesOf(yaml("accounts:", "  alice: { nick: !secret Alice }"))).toEqual([
      "seed.yaml:2:18: Unresolved tag: !secret",
    ]);
  });
});

describe("JSON files", () => {
  test("the same rules, with positions in the JSON text", () => {
    const text = [
      "{",
      '  "accounts": {',
      '    "alice": {',
      '      "nick": 7,',
      '      "friends": { "bob": { "remark": "' + "x".repeat(97) + '", "grups": [] }, "alice": {} }',
      "    }",
      "  },",
      '  "mutual": [["alice", "alice"]]',
      "}",
    ].join("\n");
    expect(linesOf(text, "seed.json")).toEqual([
      "seed.json:4:15: accounts.alice.nick: expected a string, got 7",
      "seed.json:5:39: accounts.alice.friends.bob.remark: remark must be at most 96 bytes (UTF-8), got 97 bytes",
      'seed.json:5:140: accounts.alice.friends.bob.grups: unknown key (did you mean "groups"?); known keys: remark, groups, customFields',
      "seed.json:5:155: accounts.alice.friends.alice: an account cannot be its own friend",
      'seed.json:8:24: mutual[0][1]: a pair names two different accounts, got "alice" twice',
    ]);
  });

  test("a JSON syntax error is reported with the parser's line and column", () => {
    expect(linesOf('{\n  "accounts": { "alice": nick }\n}', "seed.json")).toEqual([
      'seed.json:2:26: Unresolved plain scalar "nick"',
    ]);
    expect(linesOf('{\n  "accounts": {\n    "alice": {}\n', "seed.json")).toEqual([
      "seed.json:4:1: Flow map in block collection must be sufficiently indented and end with a }",
      "seed.json:4:1: Flow map must end with a }",
    ]);
    expect(linesOf('{"accounts": {"a": {}}} x', "seed.json")).toEqual([
      "seed.json:1:25: Unexpected scalar at node end",
    ]);
  });

  test("a key written twice is an error in JSON too (JSON.parse would keep the last)", () => {
    expect(linesOf('{"accounts": {"a": {}, "a": {}}}', "seed.json")).toEqual([
      "seed.json:1:24: accounts.a: duplicate key, first at 1:15",
    ]);
  });
});

describe("the file itself", () => {
  test("the extension chooses the format; another one is an error without a position", () => {
    expect(linesOf("accounts: {}", "seed.txt")).toEqual([
      'seed.txt: the extension chooses the format: expected .yaml, .yml or .json, got ".txt"',
    ]);
    expect(linesOf("accounts: {}", "seed")).toEqual([
      "seed: the extension chooses the format: expected .yaml, .yml or .json, got none",
    ]);
    expect(() => parseDeclaration("accounts: {}", "SEED.YML")).not.toThrow();
  });

  test("a missing file is a DeclarationFileError", () => {
    expect(() => loadDeclaration("/nonexistent/seed.yaml")).toThrow(
      new DeclarationFileError("/nonexistent/seed.yaml", [
        { path: "", message: "cannot read the file: it does not exist" },
      ]),
    );
  });
});
