/**
 * FriendSet through the Pulumi SDK's own dynamic-provider host, against the emulator: what each step sends (the
 * emulator's call log), what ends up in the friend list, and what the engine records.
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import { ChatClient } from "../../provider/client/client";
import { resolveClientConfig } from "../../provider/config/client-config";
import { EmulatorControl } from "../../emulator";
import {
  Engine,
  HostCallError,
  type Props,
  ProviderHost,
  type ResourceState,
  stackConfigFor,
} from "../../scripts/provider-host";
import { serializeProvider } from "../../scripts/serialize-provider";

jest.setTimeout(120_000);

const FRIENDS = 250;
const ADOPTED = 10;
const ids = Array.from({ length: FRIENDS }, (_, i) => `f${String(i).padStart(3, "0")}`);
/** The last ADOPTED friends already exist (created outside Pulumi) before the set is created. */
const adoptedIds = ids.slice(FRIENDS - ADOPTED);
/** What someone else wrote on an adopted friend before the set existed. */
const earlierRemark = (id: string) => `set by hand for ${id}`;
const earlierGroups = (id: string) => (Number(id.slice(1)) % 4 === 0 ? ["by-hand"] : []);

function declaredFriends(): Record<string, Props> {
  return Object.fromEntries(
    ids.map((id, i) => [id, { remark: `Friend ${i}`, ...(i % 2 === 0 ? { groups: ["team"] } : {}) }]),
  );
}

let emulator: RunningEmulator;
let control: EmulatorControl;
let host: ProviderHost;
let engine: Engine;
let direct: ChatClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = new EmulatorControl(emulator.url);
  await control.seedAccounts(["alice", "bea", "cy", ...ids]);
  host = await ProviderHost.start({ providerText: (await serializeProvider("friendSet")).text });
  await host.configure(stackConfigFor(emulator.clientSettings()));
  engine = new Engine(host);
  direct = new ChatClient(resolveClientConfig({ ...emulator.clientSettings(), maxAttempts: 1 }));
});

afterAll(async () => {
  await host?.close();
  await direct?.close();
  await control?.close();
  await emulator?.close();
});

async function friendList(
  from: string,
): Promise<Record<string, { remark: string; groups: string[]; custom: Record<string, unknown> }>> {
  const state = await control.state();
  return (state.accounts[from]?.friends ?? {}) as unknown as Record<
    string,
    { remark: string; groups: string[]; custom: Record<string, unknown> }
  >;
}

async function callCounts(): Promise<Record<string, number[]>> {
  const counts: Record<string, number[]> = {};
  for (const call of await control.calls()) (counts[call.command] ??= []).push(call.itemCount);
  return counts;
}

type FriendOut = {
  remark?: string;
  groups?: string[];
  customFields?: Record<string, string>;
  createdByResource: boolean;
  tagsBeforeAdoption?: { remark?: string; groups?: string[] };
};
const friendsOf = (state: ResourceState) => state.outputs.friends as Record<string, FriendOut>;

describe("FriendSet lifecycle through the host", () => {
  let state: ResourceState;

  test("create 250 friends (10 already there): one read of the friend list, one friend_import, one friend_update, adopted ones kept apart", async () => {
    await direct.friendImport(
      "alice",
      adoptedIds.map((id) => ({
        To_Account: id,
        AddSource: "AddSource_Type_Other",
        Remark: earlierRemark(id),
        ...(earlierGroups(id).length > 0 ? { GroupName: earlierGroups(id) } : {}),
      })),
    );
    await control.clearCalls();

    state = await engine.create({ fromAccount: "alice", friends: declaredFriends() });

    expect(state.id).toBe("alice");
    expect(await callCounts()).toEqual({
      friend_get: [0], // the account's friend list, one page: which friends are new
      friend_get_list: [ADOPTED], // the friends it holds, read afresh before they are adopted
      friend_import: [FRIENDS - ADOPTED], // new friends, their tags set by the import itself
      friend_update: [ADOPTED], // existing friends: only their differing tags
    });
    const friends = friendsOf(state);
    expect(Object.keys(friends)).toHaveLength(FRIENDS);
    expect(friends.f000).toEqual({ remark: "Friend 0", groups: ["team"], createdByResource: true });
    // An adopted friend records what its managed tags were before, to give them back when it leaves the set.
    expect(friends.f249).toEqual({
      remark: "Friend 249",
      createdByResource: false,
      tagsBeforeAdoption: { remark: earlierRemark("f249") },
    });
    expect(friends.f248).toEqual({
      remark: "Friend 248",
      groups: ["team"],
      createdByResource: false,
      tagsBeforeAdoption: { remark: earlierRemark("f248"), groups: ["by-hand"] },
    });
    expect(ids.filter((id) => !friends[id].createdByResource)).toEqual(adoptedIds);

    const list = await friendList("alice");
    expect(Object.keys(list)).toHaveLength(FRIENDS);
    expect(list.f000).toMatchObject({ remark: "Friend 0", groups: ["team"] });
    expect(list.f248).toMatchObject({ remark: "Friend 248", groups: ["team"] });
  });

  test("a plan with nothing changed is no change, and makes no call", async () => {
    await control.clearCalls();
    const { diff } = await engine.up(state, { fromAccount: "alice", friends: declaredFriends() });
    expect(diff.changes).toBe("none");
    expect(await control.calls()).toEqual([]);
  });

  test("changing 3 remarks sends one friend_update with 3 items, each with only the remark", async () => {
    const friends = declaredFriends();
    for (const id of ["f001", "f002", "f245"]) friends[id] = { ...friends[id], remark: `${id} renamed` };
    await control.clearCalls();

    const { state: next, diff } = await engine.up(state, { fromAccount: "alice", friends });

    // The engine gets the changes per friend and per tag, for `pulumi preview --diff`.
    expect(diff).toEqual({
      changes: "some",
      replaces: [],
      deleteBeforeReplace: false,
      detailedDiff: {
        "friends.f001.remark": "UPDATE",
        "friends.f002.remark": "UPDATE",
        "friends.f245.remark": "UPDATE",
      },
    });
    const calls = await control.calls();
    expect(calls.map((c) => c.command)).toEqual(["friend_update"]);
    expect((calls[0].body as { UpdateItem: unknown[] }).UpdateItem).toEqual(
      ["f001", "f002", "f245"].map((id) => ({
        To_Account: id,
        SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: `${id} renamed` }],
      })),
    );
    expect((await friendList("alice")).f245.remark).toBe("f245 renamed");
    expect(friendsOf(next).f245).toEqual({
      remark: "f245 renamed",
      createdByResource: false,
      tagsBeforeAdoption: { remark: earlierRemark("f245") },
    });
    state = next;
  });

  test("removing a created friend deletes it; an adopted one stays, its managed tags back as they were before", async () => {
    const friends = Object.fromEntries(
      Object.entries(state.inputs.friends as Record<string, Props>).filter(
        ([id]) => id !== "f000" && id !== "f248" && id !== "f249",
      ),
    );
    await control.clearCalls();

    const { state: next } = await engine.up(state, { fromAccount: "alice", friends });

    const calls = await control.calls();
    expect(calls.map((c) => c.command).sort()).toEqual(["friend_delete", "friend_update"]);
    const del = calls.find((c) => c.command === "friend_delete")!;
    expect(del.body).toMatchObject({ To_Account: ["f000"], DeleteType: "Delete_Type_Single" });
    const update = calls.find((c) => c.command === "friend_update")!;
    expect((update.body as { UpdateItem: unknown[] }).UpdateItem).toEqual([
      {
        To_Account: "f248",
        SnsItem: [
          { Tag: "Tag_SNS_IM_Remark", Value: earlierRemark("f248") },
          { Tag: "Tag_SNS_IM_Group", Value: ["by-hand"] },
        ],
      },
      { To_Account: "f249", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: earlierRemark("f249") }] },
    ]);

    const list = await friendList("alice");
    expect(list.f000).toBeUndefined();
    expect(list.f248).toMatchObject({ remark: earlierRemark("f248"), groups: ["by-hand"] });
    expect(list.f249).toMatchObject({ remark: earlierRemark("f249"), groups: [] });
    expect(Object.keys(friendsOf(next))).toHaveLength(FRIENDS - 3);
    state = next;
  });

  test("refresh reports drift per friend, and the next up repairs exactly that", async () => {
    await direct.friendUpdate("alice", [
      { To_Account: "f003", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "changed outside" }] },
    ]);
    await direct.friendDelete("alice", ["f004"], "Delete_Type_Single");
    await control.clearCalls();

    const refreshed = await engine.refresh(state);

    expect(await callCounts()).toEqual({ friend_get_list: [100, 100, 47] });
    expect(refreshed?.id).toBe("alice");
    const friends = friendsOf(refreshed!);
    expect(friends.f003).toEqual({ remark: "changed outside", createdByResource: true });
    expect(friends.f004).toBeUndefined();
    expect((refreshed!.inputs.friends as Record<string, Props>).f003).toEqual({ remark: "changed outside" });

    const program = { fromAccount: "alice", friends: state.inputs.friends };
    await control.clearCalls();
    const { state: repaired, diff } = await engine.up(refreshed!, program);
    expect(diff.changes).toBe("some");
    // f003's remark is written back; f004 is read (the provider's earlier read of the list still holds it) and, gone,
    // imported again.
    expect(await callCounts()).toEqual({ friend_get_list: [1], friend_import: [1], friend_update: [1] });
    const list = await friendList("alice");
    expect(list.f003.remark).toBe("Friend 3");
    expect(list.f004).toMatchObject({ remark: "Friend 4", groups: ["team"] });
    expect(friendsOf(repaired).f004.createdByResource).toBe(true);
    state = repaired;
  });

  test("delete removes the friendships the set created and gives the adopted ones back as they were", async () => {
    await control.clearCalls();
    await engine.destroy(state);

    expect(await callCounts()).toEqual({ friend_delete: [FRIENDS - ADOPTED - 1], friend_update: [ADOPTED - 2] });
    const list = await friendList("alice");
    // The adopted friends stay (including the two removed from the set earlier), as someone else had set them.
    expect(Object.keys(list).sort()).toEqual(adoptedIds);
    for (const id of adoptedIds)
      expect([id, list[id].remark, list[id].groups]).toEqual([id, earlierRemark(id), earlierGroups(id)]);

    // Deleting again (say, after a partial failure) is safe: friends already gone are not an error.
    await engine.destroy(state);
  });

  test("read with the id alone (import) adopts every friend the account has, managing remark and groups", async () => {
    const read = await host.read("alice");
    expect(read.id).toBe("alice");
    const friends = read.properties.friends as Record<string, FriendOut>;
    expect(Object.keys(friends).sort()).toEqual(adoptedIds);
    expect(friends.f241).toEqual({ remark: earlierRemark("f241"), groups: [], createdByResource: false });
    expect((read.inputs?.friends as Record<string, Props>).f241).toEqual({ remark: earlierRemark("f241"), groups: [] });
  });
});

describe("FriendSet failures and checks", () => {
  test("check names the exact property path and rule, before any call", async () => {
    await control.clearCalls();
    const checked = await host.check(
      {},
      { fromAccount: "bea", friends: { ok: {}, bob: { remark: "x".repeat(97) }, bea: {} } },
    );
    expect(checked.failures).toEqual([
      { property: "friends.bob.remark", reason: "remark must be at most 96 bytes (UTF-8), got 97 bytes" },
      { property: "friends.bea", reason: expect.stringMatching(/must differ from fromAccount/) },
    ]);
    expect(await control.calls()).toEqual([]);
  });

  test("one friend failing: reported with its ResultInfo, the others applied and recorded, the next up finishes it", async () => {
    // "ghost" was never imported as an account: its friend_import item fails, the others in the same request succeed.
    const inputs = {
      fromAccount: "bea",
      friends: { f010: { remark: "ok 1" }, ghost: { remark: "boo" }, f012: { remark: "ok 2" } },
    };
    const error = (await engine.create(inputs).catch((e: unknown) => e)) as HostCallError;

    expect(error).toBeInstanceOf(HostCallError);
    expect(error.details).toMatch(
      /FriendSet "bea": 1 of 3 friend changes failed: "ghost" \(create\): friend_import "bea" → "ghost" failed with ResultCode 30003 \(\w+/,
    );
    // Recorded by the engine (ErrorResourceInitFailed): the two friends that were created are not lost.
    expect(error.initFailed?.id).toBe("bea");
    // With its `__provider`, so a refresh or destroy of the recorded set finds its provider before any next up.
    expect(error.initFailed?.properties).toEqual({
      __provider: host.providerText,
      fromAccount: "bea",
      friends: { f010: { remark: "ok 1", createdByResource: true }, f012: { remark: "ok 2", createdByResource: true } },
    });
    expect(Object.keys(await friendList("bea")).sort()).toEqual(["f010", "f012"]);

    const recorded: ResourceState = { id: "bea", inputs, outputs: error.initFailed!.properties };
    const fixed = {
      ...inputs,
      friends: { f010: inputs.friends.f010, f011: { customFields: { Test: "x" } }, f012: inputs.friends.f012 },
    };
    await control.clearCalls();
    const { state } = await engine.up(recorded, fixed);
    expect((await control.calls()).map((c) => [c.command, c.itemCount])).toEqual([["friend_import", 1]]);
    expect(friendsOf(state).f011).toEqual({ customFields: { Test: "x" }, createdByResource: true });

    // An update in which one friend's item fails (sensitive words, 30005): the other change is applied and recorded.
    await control.setFaults({
      itemErrors: [{ command: "friend_update", toAccount: "f012", code: 30005, info: "Err_SNS_Sensitive" }],
    });
    const renamed = { ...fixed, friends: { ...fixed.friends, f010: { remark: "ok 1b" }, f012: { remark: "ok 2b" } } };
    const updateError = (await engine.up(state, renamed).catch((e: unknown) => e)) as HostCallError;
    await control.setFaults({});
    expect(updateError.details).toMatch(
      /1 of 2 friend changes failed: "f012" \(update\): .*ResultCode 30005 \(Err_SNS_Sensitive\)/,
    );
    expect(updateError.initFailed?.properties.friends).toEqual({
      f010: { remark: "ok 1b", createdByResource: true },
      f011: { customFields: { Test: "x" }, createdByResource: true },
      f012: { remark: "ok 2", createdByResource: true },
    });
    const list = await friendList("bea");
    expect([list.f010.remark, list.f012.remark]).toEqual(["ok 1b", "ok 2"]);

    await engine.destroy({ ...state, outputs: updateError.initFailed!.properties });
    expect(await friendList("bea")).toEqual({});
  });

  test("a create where nothing could be applied records nothing", async () => {
    const error = (await engine
      .create({ fromAccount: "cy", friends: { nobody: {} } })
      .catch((e: unknown) => e)) as HostCallError;
    expect(error).toBeInstanceOf(HostCallError);
    expect(error.details).toMatch(/"nobody" \(create\)/);
    expect(error.initFailed).toBeUndefined();
  });
});

describe("FriendSet progress", () => {
  test("a large set reports how far it is to the engine, as the resource's status", async () => {
    const owner = "cy";
    const friends = Object.fromEntries(ids.map((id) => [id, { remark: `Progress ${id}` }]));
    const urn = "urn:pulumi:test::test::pulumi-nodejs:dynamic/tencent-chat:FriendSet::cy-friends";
    const checked = await host.check({}, { fromAccount: owner, friends });
    host.engineLog.length = 0;
    await host.create(checked.inputs, urn);

    const status = host.engineLog.filter((entry) => entry.urn === urn);
    expect(status.length).toBeGreaterThanOrEqual(2);
    expect(status.every((entry) => entry.ephemeral && entry.severity === 1)).toBe(true);
    expect(status[0].message).toBe(`0 of ${FRIENDS} friend changes applied`);
    expect(status.at(-1)?.message).toBe(`${FRIENDS} of ${FRIENDS} friend changes applied`);
  });
});
