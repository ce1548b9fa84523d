/**
 * The FriendRelation lifecycle through the Pulumi SDK's own dynamic-provider host, against the emulator:
 * create, no-op diff, update of one tag, drift found by refresh, replacement, destroy.
 */
import { startTestbed, type Testbed, withoutProvider } from "./testbed";

let bed: Testbed;

beforeAll(async () => {
  bed = await startTestbed({ accounts: ["alice", "bob", "carol", "dave"] });
});

afterAll(async () => {
  await bed.close();
});

beforeEach(async () => {
  await bed.control.clearCalls();
});

const declared = {
  fromAccount: "alice",
  toAccount: "bob",
  remark: "Bob (design)",
  groups: ["team", "design"],
  customFields: { Test: "lead" },
  profileTags: ["Tag_Profile_IM_Nick"],
};

describe("FriendRelation lifecycle", () => {
  test("create makes the one-way friendship with every declared tag and reports it as it is", async () => {
    const state = await bed.engine.create(declared);
    expect(state.id).toBe("alice/bob");
    expect(withoutProvider(state.outputs)).toEqual({
      fromAccount: "alice",
      toAccount: "bob",
      remark: "Bob (design)",
      groups: ["design", "team"],
      customFields: { Test: "lead" },
      addSource: "AddSource_Type_Pulumi",
      addTime: expect.any(Number),
      profileTags: ["Tag_Profile_IM_Nick"],
      // bob has no nick: the service leaves an unset profile tag out (docs/rest-api.md#friend_get_list).
      profile: {},
      createdByResource: true,
    });
    expect(await bed.friendEntry("alice", "bob")).toMatchObject({
      remark: "Bob (design)",
      groups: expect.arrayContaining(["team", "design"]),
      custom: { Tag_SNS_Custom_Test: "lead" },
      addSource: "AddSource_Type_Pulumi",
    });
    // One-way, as friend_import makes it (docs/rest-api.md#friend_import): bob's list is untouched.
    expect(await bed.friendEntry("bob", "alice")).toBeUndefined();
    const imports = await bed.control.calls("friend_import");
    expect(imports).toHaveLength(1);
    await bed.engine.destroy(state);
  });

  test("an unchanged program is a no-op diff, whatever the order of the groups", async () => {
    const state = await bed.engine.create(declared);
    await bed.control.clearCalls();
    const { diff } = await bed.engine.up(state, { ...declared, groups: ["design", "team"] });
    expect(diff).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    // Check and diff make no network call.
    expect(await bed.control.calls()).toEqual([]);
    await bed.engine.destroy(state);
  });

  test("an update sends only the tag that changed", async () => {
    const state = await bed.engine.create(declared);
    await bed.control.clearCalls();
    const { state: after, diff } = await bed.engine.up(state, { ...declared, remark: "Bob (lead)" });
    expect(diff.changes).toBe("some");
    const updates = await bed.control.calls("friend_update");
    expect(updates).toHaveLength(1);
    expect(updates[0].body).toEqual({
      From_Account: "alice",
      UpdateItem: [{ To_Account: "bob", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "Bob (lead)" }] }],
    });
    expect(after.outputs).toMatchObject({
      remark: "Bob (lead)",
      groups: ["design", "team"],
      customFields: { Test: "lead" },
      createdByResource: true,
    });
    expect(await bed.friendEntry("alice", "bob")).toMatchObject({ remark: "Bob (lead)" });
    await bed.engine.destroy(after);
  });

  test("a tag removed from the program is cleared, and stops being managed", async () => {
    const state = await bed.engine.create(declared);
    const { state: after } = await bed.engine.up(state, {
      fromAccount: "alice",
      toAccount: "bob",
      remark: "Bob (design)",
    });
    const entry = await bed.friendEntry("alice", "bob");
    expect(entry).toMatchObject({ remark: "Bob (design)", groups: [], custom: {} });
    expect(after.outputs.groups).toBeUndefined();
    expect(after.outputs.customFields).toBeUndefined();
    // Nothing left to change: the next run is a no-op.
    expect(
      (await bed.engine.up(after, { fromAccount: "alice", toAccount: "bob", remark: "Bob (design)" })).diff.changes,
    ).toBe("none");
    await bed.engine.destroy(after);
  });

  test("refresh finds drift, and the next up puts the declared value back", async () => {
    const state = await bed.engine.create(declared);
    await bed.direct.friendUpdate("alice", [
      { To_Account: "bob", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "changed in the console" }] },
    ]);

    const refreshed = await bed.engine.refresh(state);
    expect(refreshed?.outputs).toMatchObject({ remark: "changed in the console", createdByResource: true });
    expect(refreshed?.inputs).toMatchObject({
      fromAccount: "alice",
      toAccount: "bob",
      remark: "changed in the console",
    });

    const { state: fixed, diff } = await bed.engine.up(refreshed!, declared);
    expect(diff.changes).toBe("some");
    expect(fixed.outputs.remark).toBe("Bob (design)");
    expect(await bed.friendEntry("alice", "bob")).toMatchObject({ remark: "Bob (design)" });
    await bed.engine.destroy(fixed);
  });

  test("refresh of a friendship deleted outside Pulumi drops the resource", async () => {
    const state = await bed.engine.create(declared);
    await bed.direct.friendDelete("alice", ["bob"]);
    expect(await bed.engine.refresh(state)).toBeUndefined();
  });

  test("changing toAccount replaces the relation, deleting the old one first", async () => {
    const state = await bed.engine.create({ fromAccount: "alice", toAccount: "carol", remark: "Carol" });
    await bed.control.clearCalls();
    const { state: replaced, diff } = await bed.engine.up(state, {
      fromAccount: "alice",
      toAccount: "dave",
      remark: "Carol",
    });
    expect(diff).toEqual({
      changes: "some",
      replaces: ["toAccount"],
      deleteBeforeReplace: true,
      detailedDiff: { toAccount: "UPDATE_REPLACE" },
    });
    expect(replaced.id).toBe("alice/dave");
    expect(await bed.friendEntry("alice", "carol")).toBeUndefined();
    expect(await bed.friendEntry("alice", "dave")).toMatchObject({ remark: "Carol" });
    const order = (await bed.control.calls())
      .map((c) => c.command)
      .filter((c) => c === "friend_delete" || c === "friend_import");
    expect(order).toEqual(["friend_delete", "friend_import"]);
    await bed.engine.destroy(replaced);
  });

  test("destroy removes a friendship the resource created", async () => {
    const state = await bed.engine.create({ fromAccount: "alice", toAccount: "carol" });
    expect(await bed.friendEntry("alice", "carol")).toBeDefined();
    await bed.engine.destroy(state);
    expect(await bed.friendEntry("alice", "carol")).toBeUndefined();
    const deletes = await bed.control.calls("friend_delete");
    expect(deletes.at(-1)?.body).toEqual({
      From_Account: "alice",
      To_Account: ["carol"],
      DeleteType: "Delete_Type_Single",
    });
  });

  test("a friendship already gone is not an error on destroy", async () => {
    const state = await bed.engine.create({ fromAccount: "alice", toAccount: "carol" });
    await bed.direct.friendDelete("alice", ["carol"]);
    await expect(bed.engine.destroy(state)).resolves.toBeUndefined();
  });

  test("preview: check accepts unknown values and diff reports a possible change without calling the service", async () => {
    const state = await bed.engine.create({ fromAccount: "alice", toAccount: "bob", remark: "Bob" });
    await bed.control.clearCalls();
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const checked = await bed.host.check(state.inputs, { fromAccount: "alice", toAccount: "bob", remark: unknown });
    expect(checked.failures).toEqual([]);
    const diff = await bed.host.diff(state.id, state.outputs, checked.inputs);
    expect(diff.changes).toBe("some");
    expect(await bed.control.calls()).toEqual([]);
    await bed.engine.destroy(state);
  });

  test("check rejects bad input before any API call, naming the property and the rule", async () => {
    const checked = await bed.host.check(
      {},
      { fromAccount: "alice", toAccount: "alice", remark: "r".repeat(97), groups: ["x".repeat(31)] },
    );
    expect(checked.failures).toEqual(
      expect.arrayContaining([
        { property: "remark", reason: expect.stringMatching(/at most 96 bytes/) },
        { property: "groups[0]", reason: expect.stringMatching(/at most 30 bytes/) },
        { property: "toAccount", reason: expect.stringMatching(/must differ from fromAccount/) },
      ]),
    );
    expect(await bed.control.calls()).toEqual([]);
  });
});
