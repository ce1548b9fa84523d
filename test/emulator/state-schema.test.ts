import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type StateSnapshot } from "../../emulator";
import { startHarness, importFriends, type Harness } from "../helpers/harness";

/** `PUT /_emulator/state` and the state file: one schema, refusals that name the path of what is wrong. */

let h: Harness;
let valid: StateSnapshot;
beforeAll(async () => {
  h = await startHarness();
  await h.control.seedAccounts([{ userId: "alice", nick: "Alice" }, "bob", "carol"]);
  await importFriends(h.http, "alice", [{ to: "bob", remark: "B", groups: ["team"], custom: { Test: "t" } }]);
  await h.http.ok("sns/black_list_add", { From_Account: "carol", To_Account: ["alice"] });
  valid = await h.control.state();
});
afterAll(() => h.close());

// Tests edit snapshots in ways the types forbid.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** `valid` with one change made by `edit`. */
function changed(edit: (s: Loose) => void): unknown {
  const copy = structuredClone(valid);
  edit(copy);
  return copy;
}

const load = (snapshot: unknown) => h.control.raw("PUT", "state", snapshot);

test("a dump loads back unchanged", async () => {
  expect((await load(valid)).status).toBe(200);
  expect(await h.control.state()).toEqual(valid);
});

test.each([
  [
    "a timestamp given as a string",
    (s: Loose) => (s.accounts.alice.importedAt = "1700000000"),
    "accounts.alice.importedAt",
  ],
  ["lists given as one string", (s: Loose) => (s.accounts.alice.groups = "xyz"), "accounts.alice.groups"],
  ["a friend given as null", (s: Loose) => (s.accounts.alice.friends.bob = null), "accounts.alice.friends.bob"],
  [
    "a friend's lists as a string",
    (s: Loose) => (s.accounts.alice.friends.bob.groups = "team"),
    "accounts.alice.friends.bob.groups",
  ],
  [
    "a friend's AddTime as a string",
    (s: Loose) => (s.accounts.alice.friends.bob.addTime = "x"),
    "accounts.alice.friends.bob.addTime",
  ],
  [
    "a negative sequence",
    (s: Loose) => (s.accounts.alice.sequences.standard = -1),
    "accounts.alice.sequences.standard",
  ],
  ["an unknown field (a typo)", (s: Loose) => (s.accounts.alice.friend = {}), "accounts.alice"],
  ["a UserID over 32 bytes", (s: Loose) => (s.accounts["x".repeat(33)] = s.accounts.carol), "accounts"],
  [
    "a profile value that is an object",
    (s: Loose) => (s.accounts.alice.profile.Tag_Profile_IM_Nick = {}),
    "accounts.alice.profile.Tag_Profile_IM_Nick",
  ],
  [
    "a friend who is not an account",
    (s: Loose) => (s.accounts.alice.friends.ghost = s.accounts.alice.friends.bob),
    "accounts.alice.friends.ghost",
  ],
  [
    "a friend in a list the user does not have",
    (s: Loose) => (s.accounts.alice.groups = []),
    "accounts.alice.friends.bob.groups",
  ],
  ["the wrong format", (s: Loose) => (s.format = "tencent-chat-emulator/state@2"), "format"],
])("%s: a 400 naming where", async (_, edit, path) => {
  const res = await load(changed(edit));
  expect(res.status).toBe(400);
  expect((res.json as { error: string }).error).toContain(`${path}`);
  // The state before the refused load is kept.
  expect(await h.control.state()).toEqual(valid);
});

test("null, an array and a string are refused with a 400, never a TypeError", async () => {
  for (const body of [null, [], "state"]) {
    const res = await load(body);
    expect(res.status).toBe(400);
    expect((res.json as { error: string }).error).toMatch(/^state snapshot/);
  }
});

test("fields a hand-written snapshot leaves out take their empty defaults", async () => {
  const res = await load({
    format: "tencent-chat-emulator/state@1",
    accounts: { alice: { friends: { bob: { addSource: "AddSource_Type_Web", addTime: 1 } } }, bob: {} },
  });
  expect(res.status).toBe(200);
  expect((await h.control.state()).accounts.alice).toEqual({
    importedAt: 0,
    profile: {},
    friends: {
      bob: {
        addSource: "AddSource_Type_Web",
        addWording: "",
        addTime: 1,
        remark: "",
        remarkTime: 0,
        groups: [],
        custom: {},
      },
    },
    groups: [],
    blocklist: {},
    pendingOut: {},
    sequences: { standard: 0, custom: 0, group: 0, blacklist: 0 },
  });
  await load(valid);
});

test("a state file is checked by the same schema: the start fails naming the file and the path", async () => {
  const dir = mkdtempSync(join(tmpdir(), "chat-emulator-"));
  try {
    const statePath = join(dir, "state.json");
    writeFileSync(statePath, JSON.stringify(changed((s) => (s.accounts.alice.groups = "xyz"))));
    const start = startEmulator({ statePath });
    await expect(start).rejects.toThrow(statePath);
    await expect(start).rejects.toThrow("accounts.alice.groups");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
