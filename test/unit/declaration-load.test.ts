import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeclarationFileError, loadDeclaration, stackNameFor } from "../../cli/declaration";

describe("loadDeclaration", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "declaration-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string | Buffer): string {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  }

  function messageOf(file: string): string {
    try {
      loadDeclaration(file);
    } catch (error) {
      if (error instanceof DeclarationFileError) return error.message;
      throw error;
    }
    throw new Error("expected a DeclarationFileError");
  }

  test("reads YAML and JSON files, a byte order mark included", () => {
    const expected = { accounts: { alice: { nick: "Zoë", profile: {}, friends: { bob: {} } } } };
    expect(loadDeclaration(write("a.yaml", "accounts:\n  alice: { nick: Zoë, friends: { bob: {} } }\n"))).toStrictEqual(
      expected,
    );
    expect(
      loadDeclaration(write("a.yml", "\ufeffaccounts:\n  alice: { nick: Zoë, friends: { bob: {} } }\n")),
    ).toStrictEqual(expected);
    expect(
      loadDeclaration(write("a.json", '{"accounts": {"alice": {"nick": "Zoë", "friends": {"bob": {}}}}}')),
    ).toStrictEqual(expected);
  });

  test("problems name the file as it was given", () => {
    const file = write("bad.yaml", "accounts:\n  alice: { nick: 1 }\n");
    expect(messageOf(file)).toBe(`${file}:2:18: accounts.alice.nick: expected a string, got 1`);
  });

  test("a missing file, a directory and bytes that are not UTF-8 are DeclarationFileErrors without a position", () => {
    expect(messageOf(join(dir, "missing.yaml"))).toBe(
      `${join(dir, "missing.yaml")}: cannot read the file: it does not exist`,
    );
    const folder = join(dir, "folder.yaml");
    mkdirSync(folder);
    expect(messageOf(folder)).toBe(`${folder}: cannot read the file: it is a directory`);
    const latin1 = write("latin1.yaml", Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(messageOf(latin1)).toBe(`${latin1}: cannot read the file: it is not valid UTF-8`);
  });

  test("the extension is checked before the file is read", () => {
    expect(messageOf(join(dir, "missing.toml"))).toBe(
      `${join(dir, "missing.toml")}: the extension chooses the format: expected .yaml, .yml or .json, got ".toml"`,
    );
  });
});

describe("stackNameFor", () => {
  test.each([
    ["seed.yaml", "seed"],
    ["/repo/data/Staging-Seed.YML", "staging-seed"],
    ["fixtures/seed.v2.json", "seed.v2"],
    ["Seed Data (EU).yaml", "seed-data--eu-"],
    ["zoë_张.yaml", "zo-_-"],
    ["😀.yaml", "-"],
    ["noextension", "noextension"],
    [".yaml", ".yaml"],
    ["", "declaration"],
    ["dir/", "dir"],
  ])("%j → %j", (file, name) => {
    expect(stackNameFor(file)).toBe(name);
  });

  test("at most 100 characters, Pulumi's limit", () => {
    expect(stackNameFor(`${"a".repeat(150)}.yaml`)).toBe("a".repeat(100));
  });
});
