import { parse as parseYaml } from "yaml";
import { type Declaration, type FriendTags, formatDeclaration, parseDeclaration } from "../../cli/declaration";

/** The value as nested [key, value] lists in key order: comparable whatever the names (see declaration-names). */
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

function roundTrip(decl: Declaration, format: "yaml" | "json"): Declaration {
  return parseDeclaration(formatDeclaration(decl, format), `snapshot.${format}`);
}

const EXAMPLE: Declaration = {
  accounts: {
    bob: { nick: "Bob", profile: {}, friends: { carol: {} } },
    alice: {
      nick: "Alice",
      faceUrl: "https://example.com/alice.png",
      profile: { Tag_Profile_IM_Gender: "Gender_Type_Female", Tag_Profile_Custom_Team: "payments" },
      friends: {
        carol: {},
        bob: { remark: "Bob (design)", groups: ["team", "design"], customFields: { Test: "lead" } },
      },
    },
    carol: { profile: { Tag_Profile_IM_Level: 0 }, friends: { bob: {} } },
  },
};

describe("formatDeclaration", () => {
  test("YAML: sorted keys, sorted groups, one friend per line, version first, no mutual, a trailing newline", () => {
    expect(formatDeclaration(EXAMPLE, "yaml")).toBe(
      [
        "version: 1",
        "accounts:",
        "  alice:",
        "    nick: Alice",
        '    faceUrl: "https://example.com/alice.png"',
        "    profile:",
        "      Tag_Profile_Custom_Team: payments",
        "      Tag_Profile_IM_Gender: Gender_Type_Female",
        "    friends:",
        "      bob: { remark: Bob (design), groups: [design, team], customFields: { Test: lead } }",
        "      carol: {}",
        "  bob:",
        "    nick: Bob",
        "    friends:",
        "      carol: {}",
        "  carol:",
        "    profile:",
        "      Tag_Profile_IM_Level: 0",
        "    friends:",
        "      bob: {}",
        "",
      ].join("\n"),
    );
  });

  test("JSON: the same form, two-space indentation, one friend per line", () => {
    expect(formatDeclaration(EXAMPLE, "json")).toBe(
      [
        "{",
        '  "version": 1,',
        '  "accounts": {',
        '    "alice": {',
        '      "nick": "Alice",',
        '      "faceUrl": "https://example.com/alice.png",',
        '      "profile": {',
        '        "Tag_Profile_Custom_Team": "payments",',
        '        "Tag_Profile_IM_Gender": "Gender_Type_Female"',
        "      },",
        '      "friends": {',
        '        "bob": { "remark": "Bob (design)", "groups": ["design", "team"], "customFields": { "Test": "lead" } },',
        '        "carol": {}',
        "      }",
        "    },",
        '    "bob": {',
        '      "nick": "Bob",',
        '      "friends": {',
        '        "carol": {}',
        "      }",
        "    },",
        '    "carol": {',
        '      "profile": {',
        '        "Tag_Profile_IM_Level": 0',
        "      },",
        '      "friends": {',
        '        "bob": {}',
        "      }",
        "    }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    expect(JSON.parse(formatDeclaration(EXAMPLE, "json"))).toEqual(parseYaml(formatDeclaration(EXAMPLE, "yaml")));
  });

  test("an empty declaration", () => {
    expect(formatDeclaration({ accounts: {} }, "yaml")).toBe("version: 1\naccounts: {}\n");
    expect(formatDeclaration({ accounts: {} }, "json")).toBe('{\n  "version": 1,\n  "accounts": {}\n}\n');
  });

  test('empty values are left out: profile {}, friends {}, remark "", groups [], custom field "", nick ""', () => {
    const decl: Declaration = {
      accounts: {
        alice: {
          nick: "",
          faceUrl: "",
          profile: { Tag_Profile_IM_SelfSignature: "" },
          friends: { bob: { remark: "", groups: [], customFields: { Test: "", Role: "" } } },
        },
        bob: { profile: {}, friends: {} },
      },
    };
    expect(formatDeclaration(decl, "yaml")).toBe(
      ["version: 1", "accounts:", "  alice:", "    friends:", "      bob: {}", "  bob: {}", ""].join("\n"),
    );
  });

  test("the same declaration built in any key or group order gives the same bytes", () => {
    const shuffled: Declaration = {
      accounts: {
        carol: { friends: { bob: {} }, profile: { Tag_Profile_IM_Level: 0 } },
        alice: {
          friends: {
            bob: { customFields: { Test: "lead" }, groups: ["design", "team", "design"], remark: "Bob (design)" },
            carol: {},
          },
          profile: { Tag_Profile_Custom_Team: "payments", Tag_Profile_IM_Gender: "Gender_Type_Female" },
          faceUrl: "https://example.com/alice.png",
          nick: "Alice",
        },
        bob: { friends: { carol: {} }, profile: {}, nick: "Bob" },
      },
    };
    for (const format of ["yaml", "json"] as const) {
      expect(formatDeclaration(shuffled, format)).toBe(formatDeclaration(EXAMPLE, format));
    }
  });

  test("numeric-looking names sort as text, not in JavaScript's integer-key order", () => {
    const decl: Declaration = {
      accounts: {
        b: { profile: {}, friends: { "10": {}, "9": {}, a: {} } },
        "10": { profile: {}, friends: {} },
        "9": { profile: {}, friends: {} },
      },
    };
    const text = formatDeclaration(decl, "yaml");
    expect(text).toBe(
      [
        "version: 1",
        "accounts:",
        '  "10": {}',
        '  "9": {}',
        "  b:",
        "    friends:",
        '      "10": {}',
        '      "9": {}',
        "      a: {}",
        "",
      ].join("\n"),
    );
    expect(entriesDeep(roundTrip(decl, "yaml"))).toStrictEqual(entriesDeep(decl));
  });
});

describe("parse ∘ format", () => {
  /** Strings YAML could take for something else, need escapes, or are not ASCII. */
  const TRICKY = [
    "Zoë",
    "张三",
    "😀 emoji",
    "null",
    "Yes",
    "~",
    "123",
    "0x1F",
    "1e3",
    ".inf",
    " leading",
    "trailing ",
    "a: b",
    "a #b",
    "#x",
    "-",
    "- x",
    "[x]",
    "{x}",
    "a, b",
    "*alias",
    "&anchor",
    "!tag",
    "'single'",
    '"double"',
    "back\\slash",
    "line\nbreak",
    "tab\there",
    "cr\rhere",
    "\u0000nul",
    "del\u007f",
    "c1\u0085\u0090",
    "sep\u2028\u2029",
    "bom\ufeff",
    "lone\ud800",
    "@at",
    "`tick",
    "%pct",
    "|pipe",
    ">gt",
    "?q",
    "Bob (design)",
    "https://example.com/a.png?x=1#frag",
  ];

  test("gives back the declaration, in YAML and JSON, for tricky text in every string position", () => {
    const friends: Record<string, FriendTags> = Object.fromEntries(
      TRICKY.map((text, i): [string, FriendTags] => [
        `f${i}`,
        // A group name is at most 30 bytes.
        Buffer.byteLength(text) <= 30
          ? { remark: text, groups: [text], customFields: { Test: text } }
          : { remark: text, customFields: { Test: text } },
      ]),
    );
    const decl: Declaration = {
      accounts: Object.fromEntries(
        TRICKY.filter((text) => /^[\x20-\x7e]{1,32}$/.test(text)).map((id) => [id, { profile: {}, friends: {} }]),
      ),
    };
    decl.accounts.alice = {
      nick: 'Zoë "Z" 张三',
      faceUrl: "https://example.com/a.png?x=1#frag",
      profile: { Tag_Profile_IM_SelfSignature: "line\nbreak", Tag_Profile_IM_Level: 4294967295 },
      friends,
    };
    for (const format of ["yaml", "json"] as const) {
      expect(entriesDeep(roundTrip(decl, format))).toStrictEqual(entriesDeep(decl));
    }
  });

  test("gives back a parsed declaration without empty values, and formatting it again gives the same bytes", () => {
    const text = [
      "accounts:",
      "  alice:",
      "    nick: Alice",
      "    friends: { bob: { remark: B, groups: [y, x] }, carol: {} }",
      "  bob: {}",
      "  carol: {}",
      "mutual:",
      "  - { between: [bob, carol], customFields: { Test: t } }",
      "  - [alice, bob]",
    ].join("\n");
    const decl = parseDeclaration(text, "seed.yaml");
    for (const format of ["yaml", "json"] as const) {
      const written = formatDeclaration(decl, format);
      expect(roundTrip(decl, format)).toStrictEqual(decl);
      expect(formatDeclaration(parseDeclaration(written, `x.${format}`), format)).toBe(written);
    }
  });

  test("holds for generated declarations (seeded, so every run checks the same ones)", () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(items: readonly T[]) => items[random(items.length)];
    const names = ["a", "b", "__proto__", "constructor", "toString", "x y", "123", "null", "Z-9.x"];
    const texts = ["t", "Zoë", "a: b", "x\ny", "", "张", "yes"];
    for (let round = 0; round < 50; round++) {
      const accounts: Declaration["accounts"] = {};
      for (const id of names.filter(() => random(2) === 0)) {
        const friends: Record<string, FriendTags> = {};
        for (const friend of names.filter((name) => name !== id && random(3) === 0)) {
          const tags: FriendTags = {};
          const remark = pick(texts);
          if (remark) tags.remark = remark;
          if (random(2)) tags.groups = [...new Set(names.filter(() => random(4) === 0))].sort();
          if (tags.groups?.length === 0) delete tags.groups;
          if (random(2)) tags.customFields = { Test: pick(texts) || "v", Role: "r" };
          Object.defineProperty(friends, friend, { value: tags, enumerable: true, writable: true, configurable: true });
        }
        const account = { profile: random(2) ? { Tag_Profile_IM_Level: random(1000) } : {}, friends };
        Object.defineProperty(accounts, id, { value: account, enumerable: true, writable: true, configurable: true });
      }
      const decl = { accounts };
      for (const format of ["yaml", "json"] as const) {
        expect(entriesDeep(roundTrip(decl, format))).toStrictEqual(entriesDeep(decl));
      }
    }
  });
});
