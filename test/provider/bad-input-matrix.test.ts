/**
 * The bad-input matrix: every limit of the FriendRelation inputs at and past its boundary, wrong types and illegal
 * UserIDs, each rejected by `check` through the SDK's real dynamic-provider host with the property and the rule
 * named, before any call reaches the service. Valid values right at each boundary pass. What `check` cannot know
 * (which custom fields the app configured) is rejected by the service, failing only the resource that uses it.
 */
import { HostCallError, type Props } from "../../scripts/provider-host";
import { startTestbed, type Testbed } from "./testbed";

let bed: Testbed;

beforeAll(async () => {
  // The emulator's app configures the custom SNS and profile keyword "Test" only (emulator/README.md).
  bed = await startTestbed({ accounts: ["alice", "bob", "carol", "dave"] });
});

afterAll(async () => {
  await bed.close();
});

beforeEach(async () => {
  await bed.control.clearCalls();
});

const base = { fromAccount: "alice", toAccount: "bob" };

/** `n` bytes of UTF-8 made of the character `ch` (whose byte length must divide n). */
function bytes(n: number, ch = "a"): string {
  const width = Buffer.byteLength(ch, "utf8");
  if (n % width !== 0) throw new Error(`${n} is not a multiple of ${width}`);
  return ch.repeat(n / width);
}

const groupNames = (n: number) => Array.from({ length: n }, (_, i) => `list${i}`);

interface BadRow {
  /** The rule broken, as the test name. */
  rule: string;
  /** Overrides of the base inputs; `undefined` removes a property. */
  inputs: Props;
  property: string;
  /** What the reason must say: the rule (limit, expected shape) and what was given. */
  reason: RegExp;
}

const badRows: BadRow[] = [
  // Remark: ≤96 bytes of UTF-8 (docs/data-model.md#friend-fields).
  {
    rule: "remark of 97 ASCII bytes is over the 96-byte limit",
    inputs: { remark: bytes(97) },
    property: "remark",
    reason: /at most 96 bytes.*got 97 bytes/,
  },
  {
    rule: "remark of 32 CJK characters plus one letter is 97 bytes",
    inputs: { remark: bytes(96, "你") + "a" },
    property: "remark",
    reason: /at most 96 bytes.*got 97 bytes/,
  },
  {
    rule: "remark of 25 four-byte emoji is 100 bytes though only 50 UTF-16 units",
    inputs: { remark: bytes(100, "😀") },
    property: "remark",
    reason: /at most 96 bytes.*got 100 bytes/,
  },
  {
    rule: "remark must be a string, not a number",
    inputs: { remark: 42 },
    property: "remark",
    reason: /expected string, received number/,
  },
  {
    rule: "remark must be a string, not null",
    inputs: { remark: null },
    property: "remark",
    reason: /expected string, received null/,
  },
  // Groups: names non-empty and ≤30 bytes, ≤32 lists (docs/data-model.md#friend-fields).
  {
    rule: "group name of 31 bytes is over the 30-byte limit",
    inputs: { groups: ["ok", bytes(31)] },
    property: "groups[1]",
    reason: /group name must be at most 30 bytes.*got 31 bytes/,
  },
  {
    rule: "group name of 16 characters can be 31 bytes (é is 2 bytes)",
    inputs: { groups: [bytes(30, "é") + "a"] },
    property: "groups[0]",
    reason: /at most 30 bytes.*got 31 bytes/,
  },
  {
    rule: "group name must not be empty",
    inputs: { groups: [""] },
    property: "groups[0]",
    reason: /must not be empty/,
  },
  {
    rule: "33 distinct groups are over the 32-list limit",
    inputs: { groups: groupNames(33) },
    property: "groups",
    reason: /at most 32 friend lists.*got 33/,
  },
  {
    rule: "groups must be an array, not a string",
    inputs: { groups: "family" },
    property: "groups",
    reason: /expected array, received string/,
  },
  {
    rule: "group names must be strings",
    inputs: { groups: ["family", 7] },
    property: "groups[1]",
    reason: /expected string, received number/,
  },
  // Custom fields: keyword of 1–8 letters, string value ≤500 bytes (docs/data-model.md#friend-fields).
  {
    rule: "custom keyword with a digit is not letters only",
    inputs: { customFields: { Team1: "x" } },
    property: "customFields.Team1",
    reason: /1–8 letters.*got "Team1"/,
  },
  {
    rule: "custom keyword of 9 letters is over the 8-letter limit",
    inputs: { customFields: { Abcdefghi: "x" } },
    property: "customFields.Abcdefghi",
    reason: /1–8 letters.*got "Abcdefghi"/,
  },
  {
    rule: "custom keyword with an underscore is not letters only",
    inputs: { customFields: { my_tag: "x" } },
    property: "customFields.my_tag",
    reason: /1–8 letters.*got "my_tag"/,
  },
  {
    rule: "custom keyword must not be empty",
    inputs: { customFields: { "": "x" } },
    property: 'customFields[""]',
    reason: /1–8 letters.*got ""/,
  },
  {
    rule: "custom key is the keyword, not the full Tag_SNS_Custom_ tag",
    inputs: { customFields: { Tag_SNS_Custom_Test: "x" } },
    property: "customFields.Tag_SNS_Custom_Test",
    reason: /keyword after "Tag_SNS_Custom_" \(write "Test"\)/,
  },
  {
    rule: "custom value of 501 bytes is over the 500-byte limit",
    inputs: { customFields: { Test: bytes(501) } },
    property: "customFields.Test",
    reason: /custom field value must be at most 500 bytes.*got 501 bytes/,
  },
  {
    rule: "custom value of 167 CJK characters is 501 bytes",
    inputs: { customFields: { Test: bytes(498, "你") + "aaa" } },
    property: "customFields.Test",
    reason: /at most 500 bytes.*got 501 bytes/,
  },
  {
    rule: "custom value must be a string, not a number (integers are not allowed)",
    inputs: { customFields: { Test: 5 } },
    property: "customFields.Test",
    reason: /expected string, received number/,
  },
  {
    rule: "customFields must be a map, not an array",
    inputs: { customFields: ["Test"] },
    property: "customFields",
    reason: /expected record, received array/,
  },
  {
    rule: "customFields must be a map, not null",
    inputs: { customFields: null },
    property: "customFields",
    reason: /expected record, received null/,
  },
  // AddSource: AddSource_Type_ + 1–8 letters (docs/rest-api.md#friend_add).
  {
    rule: "addSource needs the AddSource_Type_ prefix",
    inputs: { addSource: "Pulumi" },
    property: "addSource",
    reason: /"AddSource_Type_" followed by 1–8 letters.*got "Pulumi"/,
  },
  {
    rule: "addSource prefix is case-sensitive",
    inputs: { addSource: "addsource_type_Pulumi" },
    property: "addSource",
    reason: /followed by 1–8 letters.*got "addsource_type_Pulumi"/,
  },
  {
    rule: "addSource keyword must not be empty",
    inputs: { addSource: "AddSource_Type_" },
    property: "addSource",
    reason: /followed by 1–8 letters.*got "AddSource_Type_"/,
  },
  {
    rule: "addSource keyword of 9 letters is over the 8-letter limit",
    inputs: { addSource: "AddSource_Type_Terraform" },
    property: "addSource",
    reason: /followed by 1–8 letters.*got "AddSource_Type_Terraform"/,
  },
  {
    rule: "addSource keyword with a digit is not letters only",
    inputs: { addSource: "AddSource_Type_Web2" },
    property: "addSource",
    reason: /followed by 1–8 letters.*got "AddSource_Type_Web2"/,
  },
  // AddWording: the service's 256 bytes less the 26 the ownership mark takes (docs/data-model.md#friend-fields).
  {
    rule: "addWording of 231 bytes leaves no room for the ownership mark",
    inputs: { addWording: bytes(231) },
    property: "addWording",
    reason: /addWording must be at most 230 bytes.*got 231 bytes/,
  },
  {
    rule: "addWording of 76 CJK characters plus three letters is 231 bytes",
    inputs: { addWording: bytes(228, "你") + "abc" },
    property: "addWording",
    reason: /at most 230 bytes.*got 231 bytes/,
  },
  // UserIDs: 1–32 bytes of printable ASCII (docs/data-model.md#userids).
  {
    rule: "fromAccount must not be empty",
    inputs: { fromAccount: "" },
    property: "fromAccount",
    reason: /UserID of 1–32 bytes of printable ASCII.*\(0 bytes\)/,
  },
  {
    rule: "toAccount of 33 bytes is over the 32-byte limit",
    inputs: { toAccount: bytes(33) },
    property: "toAccount",
    reason: /UserID of 1–32 bytes.*\(33 bytes\)/,
  },
  {
    rule: "toAccount with a newline is not printable ASCII",
    inputs: { toAccount: "bob\n" },
    property: "toAccount",
    reason: /printable ASCII.*got "bob\\n"/,
  },
  {
    rule: "fromAccount with DEL (0x7f) is not printable ASCII",
    inputs: { fromAccount: "ali\u007fce" },
    property: "fromAccount",
    reason: /printable ASCII/,
  },
  {
    rule: "toAccount with a non-ASCII letter is not ASCII",
    inputs: { toAccount: "bób" },
    property: "toAccount",
    reason: /printable ASCII.*got "bób" \(4 bytes\)/,
  },
  {
    rule: "fromAccount must be a string, not a number",
    inputs: { fromAccount: 12345 },
    property: "fromAccount",
    reason: /expected string, received number/,
  },
  {
    rule: "toAccount is required",
    inputs: { toAccount: undefined },
    property: "toAccount",
    reason: /expected string, received undefined/,
  },
  {
    rule: "the same account on both sides: a user cannot befriend themself",
    inputs: { toAccount: "alice" },
    property: "toAccount",
    reason: /must differ from fromAccount/,
  },
  // Profile tags to read back: standard or Tag_Profile_Custom_<1–8 letters> (docs/data-model.md#profile-fields).
  {
    rule: "profile tag that is not a standard one",
    inputs: { profileTags: ["Tag_Profile_IM_Nickname"] },
    property: "profileTags[0]",
    reason: /standard profile tag.*got "Tag_Profile_IM_Nickname"/,
  },
  {
    rule: "profile tag named like an inherited object member (toString) is not a standard tag",
    inputs: { profileTags: ["toString"] },
    property: "profileTags[0]",
    reason: /standard profile tag.*got "toString"/,
  },
  {
    rule: "an SNS tag is not a profile tag",
    inputs: { profileTags: ["Tag_Profile_IM_Nick", "Tag_SNS_IM_Remark"] },
    property: "profileTags[1]",
    reason: /standard profile tag.*got "Tag_SNS_IM_Remark"/,
  },
  {
    rule: "custom profile keyword of 9 letters is over the 8-letter limit",
    inputs: { profileTags: ["Tag_Profile_Custom_Abcdefghi"] },
    property: "profileTags[0]",
    reason: /Tag_Profile_Custom_<1–8 letters>.*got "Tag_Profile_Custom_Abcdefghi"/,
  },
  {
    rule: "profileTags must be an array, not a string",
    inputs: { profileTags: "Tag_Profile_IM_Nick" },
    property: "profileTags",
    reason: /expected array, received string/,
  },
];

function withOverrides(overrides: Props): Props {
  const inputs: Props = { ...base, ...overrides };
  for (const [key, value] of Object.entries(inputs)) if (value === undefined) delete inputs[key];
  return inputs;
}

describe("check rejects each invalid input, naming the property and the rule, before any call", () => {
  test("the matrix has at least 30 rows", () => {
    expect(badRows.length).toBeGreaterThanOrEqual(30);
  });

  test.each(badRows)("$rule", async ({ inputs, property, reason }) => {
    const { failures } = await bed.host.check({}, withOverrides(inputs));
    expect(failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
    // The row breaks one rule only: no other property is blamed.
    expect(failures.map((f) => f.property)).toEqual([property]);
    expect(await bed.control.calls()).toEqual([]);
  });
});

interface GoodRow {
  rule: string;
  inputs: Props;
  /** The checked inputs the engine records, where they differ from the given ones (normal form). */
  recorded?: Props;
}

const goodRows: GoodRow[] = [
  { rule: "remark of exactly 96 ASCII bytes", inputs: { remark: bytes(96) } },
  { rule: "remark of exactly 96 bytes in 32 CJK characters", inputs: { remark: bytes(96, "你") } },
  { rule: "empty remark (clears it)", inputs: { remark: "" } },
  {
    rule: "group name of exactly 30 bytes, ASCII and two-byte",
    inputs: { groups: [bytes(30), bytes(30, "é")] },
    recorded: { groups: [bytes(30), bytes(30, "é")].sort() },
  },
  { rule: "exactly 32 groups", inputs: { groups: groupNames(32) }, recorded: { groups: groupNames(32).sort() } },
  {
    rule: "33 group entries with one duplicate are 32 lists, recorded once each and sorted",
    inputs: { groups: [...groupNames(32), "list5"].reverse() },
    recorded: { groups: groupNames(32).sort() },
  },
  {
    rule: "custom keyword of exactly 8 letters with a value of exactly 500 bytes",
    inputs: { customFields: { Abcdefgh: bytes(500), Test: bytes(498, "你") + "aa" } },
  },
  { rule: "addSource keyword of exactly 8 letters", inputs: { addSource: "AddSource_Type_Abcdefgh" } },
  { rule: "addWording of exactly 230 bytes", inputs: { addWording: bytes(230) } },
  {
    rule: "UserIDs of exactly 32 bytes, and any printable ASCII (space, slash, percent)",
    inputs: { fromAccount: bytes(32, "x"), toAccount: "a b/c%d~!" },
  },
  {
    rule: "standard and custom profile tags (custom keyword of 8 letters)",
    inputs: { profileTags: ["Tag_Profile_IM_Nick", "Tag_Profile_Custom_Abcdefgh"] },
    recorded: { profileTags: ["Tag_Profile_Custom_Abcdefgh", "Tag_Profile_IM_Nick"] },
  },
];

describe("valid values at each boundary pass check", () => {
  test.each(goodRows)("$rule", async ({ inputs, recorded }) => {
    const given = withOverrides(inputs);
    const checked = await bed.host.check({}, given);
    expect(checked.failures).toEqual([]);
    const { __provider: _provider, ...recordedInputs } = checked.inputs;
    expect(recordedInputs).toEqual({ ...given, ...recorded });
    expect(await bed.control.calls()).toEqual([]);
  });
});

interface ServiceRow {
  rule: string;
  /** Inputs with a well-formed tag the app did not configure; check cannot know (docs/data-model.md#profile-fields). */
  unconfigured: Props;
  /** A valid relation of the same account, created at the same time. */
  valid: Props;
  tag: string;
  /** What the valid relation's friend entry must hold afterwards. */
  validEntry: Record<string, unknown>;
  refusedBy: "item" | "lookup";
}

const serviceRows: ServiceRow[] = [
  {
    rule: "a custom field keyword the app did not configure",
    unconfigured: { fromAccount: "alice", toAccount: "carol", customFields: { Unset: "x" } },
    valid: { fromAccount: "alice", toAccount: "dave", customFields: { Test: "ok" } },
    tag: "Tag_SNS_Custom_Unset",
    validEntry: { custom: { Tag_SNS_Custom_Test: "ok" } },
    // A new friendship is one friend_import carrying its tags: the service refuses that item, and applies nothing.
    refusedBy: "item",
  },
  {
    rule: "a custom profile tag the app did not configure",
    unconfigured: { fromAccount: "bob", toAccount: "carol", profileTags: ["Tag_Profile_Custom_Unset"] },
    valid: { fromAccount: "bob", toAccount: "dave", profileTags: ["Tag_Profile_IM_Nick"], remark: "Dave" },
    tag: "Tag_Profile_Custom_Unset",
    validEntry: { remark: "Dave" },
    // A relation reading profile tags reads before it writes: friend_get_list refuses an unknown TagList as a whole.
    refusedBy: "lookup",
  },
];

describe("what check cannot know is refused by the service, failing only the resource that uses it", () => {
  test.each(serviceRows)("$rule", async ({ unconfigured, valid, tag, validEntry, refusedBy }) => {
    // check sees a well-formed tag; only the service knows which fields the app configured.
    expect((await bed.host.check({}, unconfigured)).failures).toEqual([]);

    // Created alongside a valid relation of the same account, as `pulumi up` would, so their calls share batches.
    const results = await Promise.allSettled([bed.engine.create(unconfigured), bed.engine.create(valid)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
    const error = (results[0] as PromiseRejectedResult).reason as HostCallError;
    expect(error).toBeInstanceOf(HostCallError);
    const calls = await bed.control.calls();
    if (refusedBy === "lookup") {
      // The lookup carrying the tag fails as a whole; the batcher splits the shared lookup by tag set, so the valid
      // one goes through, and no write ever names the failed resource's friend.
      expect(error.message).toContain(`ErrorCode 30001`);
      expect(error.message).toMatch(new RegExp(`not configured for this app: ${tag}`));
      const refused = calls.filter((c) => c.outcome.errorCode !== 0);
      expect(refused.length).toBeGreaterThan(0);
      for (const call of refused) {
        expect(call).toMatchObject({ command: "friend_get_list", outcome: { errorCode: 30001 } });
        expect(JSON.stringify(call.body)).toContain(tag);
      }
      const writes = calls.filter((c) => c.command !== "friend_get_list");
      for (const call of writes)
        expect(JSON.stringify(call.body)).not.toContain(`"${unconfigured.toAccount as string}"`);
    } else {
      // Refused by the import item that carries the tag (or, if the friend list the provider read earlier in this
      // host still lists the friend, by the read before adopting it): either way with the service's 30001, only for
      // this resource, and with nothing applied.
      expect(error.message).toMatch(/(ResultCode|ErrorCode) 30001/);
      for (const call of calls.filter((c) => c.outcome.errorCode !== 0 || c.outcome.failedItems.length > 0)) {
        expect(JSON.stringify(call.body)).toContain(tag);
      }
    }
    const friends = (await bed.control.state()).accounts[unconfigured.fromAccount as string].friends;
    expect(friends[unconfigured.toAccount as string]).toBeUndefined();
    expect(friends[valid.toAccount as string]).toMatchObject(validEntry);
  });
});
