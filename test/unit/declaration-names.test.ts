import {
  type Declaration,
  type FriendTags,
  formatDeclaration,
  parseDeclaration,
  undeclaredFriends,
} from "../../cli/declaration";

/** Names that are members of Object.prototype (or replace it): each must be just a name. */
const ODD = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"];
const ODD_FRIENDS = ODD;

/**
 * The value as nested [key, value] lists in key order. Jest's toStrictEqual compares `a.constructor` with
 * `b.constructor`, which for an account named `constructor` are two declarations, so it cannot compare these.
 */
function entriesDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(entriesDeep);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return Object.keys(record)
      .sort()
      .map((key) => [key, entriesDeep(record[key])]);
  }
  return value;
}

function parseYaml(text: string): Declaration {
  return parseDeclaration(text, "seed.yaml");
}

describe("prototype-named accounts and friends are just names", () => {
  const text = [
    "accounts:",
    ...ODD.flatMap((id) => [
      `  ${id}:`,
      `    nick: ${id}`,
      "    friends:",
      ...ODD_FRIENDS.filter((friend) => friend !== id).map((friend) => `      ${friend}: { remark: to ${friend} }`),
    ]),
    "  alice:",
    "    friends:",
    "      toString: { customFields: { valueOf: v, toString: t } }",
    "mutual:",
    "  - [alice, constructor]",
    "  - { between: [valueOf, alice], groups: [team] }",
  ].join("\n");

  test("are own keys of the declaration, and nothing's prototype changes", () => {
    const decl = parseYaml(text);
    expect(Object.getPrototypeOf(decl.accounts)).toBe(Object.prototype);
    expect(Object.keys(decl.accounts)).toEqual([...ODD, "alice"]);
    for (const id of ODD) {
      expect(Object.hasOwn(decl.accounts, id)).toBe(true);
      const account = decl.accounts[id];
      expect(account.nick).toBe(id);
      expect(Object.getPrototypeOf(account.friends)).toBe(Object.prototype);
      for (const friend of ODD_FRIENDS.filter((f) => f !== id)) {
        expect(Object.hasOwn(account.friends, friend)).toBe(true);
        expect(account.friends[friend].remark).toBe(`to ${friend}`);
      }
    }
    expect(Object.keys(decl.accounts.alice.friends).sort()).toEqual(["constructor", "toString", "valueOf"]);
    const toStringFriend = Object.getOwnPropertyDescriptor(decl.accounts.alice.friends, "toString")
      ?.value as FriendTags;
    expect(Object.hasOwn(toStringFriend, "customFields")).toBe(true);
    expect(toStringFriend.customFields).toStrictEqual(
      Object.fromEntries([
        ["valueOf", "v"],
        ["toString", "t"],
      ]),
    );
    expect(entriesDeep(decl.accounts["constructor"].friends.alice)).toStrictEqual([]);
    expect(entriesDeep(decl.accounts["valueOf"].friends.alice)).toStrictEqual([["groups", ["team"]]]);
    expect(({} as Record<string, unknown>).remark).toBeUndefined();
  });

  test("round-trip through the canonical form, YAML and JSON", () => {
    const decl = parseYaml(text);
    for (const format of ["yaml", "json"] as const) {
      const written = formatDeclaration(decl, format);
      expect(entriesDeep(parseDeclaration(written, `seed.${format}`))).toStrictEqual(entriesDeep(decl));
    }
  });

  test("an undeclared friend with such a name is reported as undeclared", () => {
    const decl = parseYaml(["accounts:", "  alice:", "    friends: { valueOf: {}, toString: {}, bob: {} }"].join("\n"));
    expect(undeclaredFriends(decl)).toEqual(["bob", "toString", "valueOf"]);
  });

  test("in JSON too", () => {
    const json = '{"accounts": {"__proto__": {"friends": {"constructor": {"remark": "c"}}}, "constructor": {}}}';
    const decl = parseDeclaration(json, "seed.json");
    expect(Object.keys(decl.accounts)).toEqual(["__proto__", "constructor"]);
    expect(entriesDeep(decl.accounts["__proto__"].friends["constructor"])).toStrictEqual([["remark", "c"]]);
  });

  test("rules still apply to them: __proto__ is no custom field keyword and no profile tag", () => {
    expect(() =>
      parseYaml(
        [
          "accounts:",
          "  alice:",
          "    profile: { __proto__: x }",
          "    friends: { bob: { customFields: { __proto__: x } } }",
        ].join("\n"),
      ),
    ).toThrow(
      [
        "seed.yaml:3:16: accounts.alice.profile.__proto__: must be a standard profile tag (Tag_Profile_IM_Gender, …) or Tag_Profile_Custom_<1–8 letters>",
        'seed.yaml:4:39: accounts.alice.friends.bob.customFields.__proto__: custom field keyword must be 1–8 letters (A–Z, a–z), got "__proto__"',
      ].join("\n"),
    );
  });

  test("a friend named __proto__ is a friend like any other, under friends and in a pair", () => {
    const yaml = [
      "accounts:",
      "  alice:",
      "    friends: { __proto__: { remark: p } }",
      "  __proto__: {}",
      "mutual:",
      "  - { between: [alice, __proto__], groups: [team] }",
    ];
    const decl = parseYaml(yaml.join("\n"));
    expect(Object.hasOwn(decl.accounts.alice.friends, "__proto__")).toBe(true);
    expect(entriesDeep(decl.accounts.alice.friends["__proto__"])).toStrictEqual([
      ["groups", ["team"]],
      ["remark", "p"],
    ]);
    expect(Object.keys(decl.accounts["__proto__"].friends)).toEqual(["alice"]);
  });
});
