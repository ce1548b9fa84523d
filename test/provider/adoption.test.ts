/**
 * Friendships that existed before the resource: adoption by create, import from an id, and what delete leaves behind.
 */
import { startTestbed, type Testbed, withoutProvider } from "./testbed";

let bed: Testbed;

beforeAll(async () => {
  bed = await startTestbed({ accounts: ["alice", "bob", "carol", "erin"] });
});

afterAll(async () => {
  await bed.close();
});

/** A friendship made outside Pulumi: alice lists bob, with a remark, a list and a custom field. */
async function existingFriendship(to: string): Promise<void> {
  const [imported] = await bed.direct.friendImport("alice", [
    {
      To_Account: to,
      AddSource: "AddSource_Type_Android",
      AddWording: "hello from the app",
      Remark: "old remark",
      GroupName: ["family"],
      CustomItem: [{ Tag: "Tag_SNS_Custom_Test", Value: "keep me" }],
    },
  ]);
  expect(imported.ResultCode).toBe(0);
}

describe("adoption", () => {
  test("create adopts an existing friendship, writes only what differs, and says it did not create it", async () => {
    await existingFriendship("bob");
    const before = await bed.friendEntry("alice", "bob");
    await bed.control.clearCalls();

    const state = await bed.engine.create({
      fromAccount: "alice",
      toAccount: "bob",
      remark: "Bob",
      groups: ["family"],
      addSource: "AddSource_Type_Pulumi",
    });

    expect(withoutProvider(state.outputs)).toMatchObject({
      remark: "Bob",
      groups: ["family"],
      // The friendship's real AddSource and AddWording, not the (create-only) inputs.
      addSource: "AddSource_Type_Android",
      addWording: "hello from the app",
      addTime: before?.addTime,
      createdByResource: false,
    });
    expect(await bed.control.calls("friend_import")).toEqual([]);
    const [update] = await bed.control.calls("friend_update");
    expect(update.body).toEqual({
      From_Account: "alice",
      UpdateItem: [{ To_Account: "bob", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "Bob" }] }],
    });

    // Delete of an adopted friendship keeps it, and gives the tags the resource managed their earlier values back.
    await bed.engine.destroy(state);
    expect(await bed.control.calls("friend_delete")).toEqual([]);
    // The remark's write time is the service's own record of the write, not data anyone declared.
    expect(await bed.friendEntry("alice", "bob")).toEqual({ ...before, remarkTime: expect.any(Number) });
    await bed.direct.friendDelete("alice", ["bob"]);
  });

  test("a create that landed but was never recorded is recognised by its mark the next time: created, and destroy removes it", async () => {
    const inputs = { fromAccount: "alice", toAccount: "bob", remark: "Bob", ownershipMarker: "0123456789abcdef" };
    // The first create writes the friendship; the engine never records it (the CLI was killed meanwhile).
    await bed.engine.create(inputs);
    expect(await bed.friendEntry("alice", "bob")).toMatchObject({ addWording: "[pulumi:0123456789abcdef]" });

    // The next `up` calls create again for the same resource.
    const again = await bed.engine.create(inputs);
    expect(again.outputs).toMatchObject({ createdByResource: true, addWording: "" });
    await bed.engine.destroy(again);
    expect(await bed.friendEntry("alice", "bob")).toBeUndefined();
  });

  test("an adopted friendship: a tag managed later is read first and given back too; a tag no longer managed goes back", async () => {
    await existingFriendship("carol");
    const before = await bed.friendEntry("alice", "carol");
    const created = await bed.engine.create({ fromAccount: "alice", toAccount: "carol", remark: "Carol" });
    expect(created.outputs).toMatchObject({ createdByResource: false, tagsBeforeAdoption: { remark: "old remark" } });

    const { state, diff } = await bed.engine.up(created, {
      fromAccount: "alice",
      toAccount: "carol",
      customFields: { Test: "new" },
    });
    expect(diff.detailedDiff).toEqual({ remark: "UPDATE", "customFields.Test": "UPDATE" });
    expect(await bed.friendEntry("alice", "carol")).toMatchObject({
      remark: "old remark",
      custom: { Tag_SNS_Custom_Test: "new" },
    });
    expect(state.outputs.tagsBeforeAdoption).toEqual({ remark: "old remark", customFields: { Test: "keep me" } });

    await bed.engine.destroy(state);
    expect(await bed.friendEntry("alice", "carol")).toEqual({ ...before, remarkTime: expect.any(Number) });
    await bed.direct.friendDelete("alice", ["carol"]);
  });

  test("a tag managed from now on is a change even at its empty value, and is written when someone else set it", async () => {
    const created = await bed.engine.create({ fromAccount: "alice", toAccount: "erin", remark: "Erin" });
    expect(created.outputs).toMatchObject({ createdByResource: true });
    await bed.direct.friendUpdate("alice", [
      { To_Account: "erin", SnsItem: [{ Tag: "Tag_SNS_Custom_Test", Value: "set elsewhere" }] },
    ]);

    const { state, diff } = await bed.engine.up(created, {
      fromAccount: "alice",
      toAccount: "erin",
      remark: "Erin",
      customFields: { Test: "" },
    });
    expect(diff.detailedDiff).toEqual({ "customFields.Test": "UPDATE" });
    expect(await bed.friendEntry("alice", "erin")).toMatchObject({ remark: "Erin", custom: {} });
    await bed.engine.destroy(state);
    expect(await bed.friendEntry("alice", "erin")).toBeUndefined();
  });

  test("a friendship another resource or stack created (another mark, or none) is adopted and kept", async () => {
    await bed.engine.create({ fromAccount: "alice", toAccount: "bob", ownershipMarker: "aaaaaaaaaaaaaaaa" });
    const other = await bed.engine.create({
      fromAccount: "alice",
      toAccount: "bob",
      ownershipMarker: "bbbbbbbbbbbbbbbb",
    });
    expect(other.outputs).toMatchObject({ createdByResource: false });
    await bed.engine.destroy(other);
    expect(await bed.friendEntry("alice", "bob")).toBeDefined();
    await bed.direct.friendDelete("alice", ["bob"]);

    await existingFriendship("bob");
    const adopted = await bed.engine.create({
      fromAccount: "alice",
      toAccount: "bob",
      ownershipMarker: "cccccccccccccccc",
    });
    expect(adopted.outputs).toMatchObject({ createdByResource: false, addWording: "hello from the app" });
    await bed.engine.destroy(adopted);
    expect(await bed.friendEntry("alice", "bob")).toBeDefined();
    await bed.direct.friendDelete("alice", ["bob"]);
  });

  test("a declared addWording keeps its text, followed by the mark; outputs show the declared text", async () => {
    const state = await bed.engine.create({
      fromAccount: "alice",
      toAccount: "bob",
      addWording: "seeded for staging",
      ownershipMarker: "0123456789abcdef",
    });
    expect(await bed.friendEntry("alice", "bob")).toMatchObject({
      addWording: "seeded for staging [pulumi:0123456789abcdef]",
    });
    expect(state.outputs).toMatchObject({ addWording: "seeded for staging", createdByResource: true });
    await bed.engine.destroy(state);
  });

  test("import from the id alone reads the friendship and records it as adopted", async () => {
    await existingFriendship("carol");

    // What the `import` resource option asks of the provider: a Read with the id and no recorded state.
    const read = await bed.host.read("alice/carol");
    expect(read.id).toBe("alice/carol");
    expect(withoutProvider(read.properties)).toEqual({
      fromAccount: "alice",
      toAccount: "carol",
      remark: "old remark",
      groups: ["family"],
      addSource: "AddSource_Type_Android",
      addWording: "hello from the app",
      addTime: expect.any(Number),
      profile: {},
      createdByResource: false,
    });
    expect(withoutProvider(read.inputs ?? {})).toEqual({
      fromAccount: "alice",
      toAccount: "carol",
      remark: "old remark",
      groups: ["family"],
    });

    // A program declaring what is there has nothing to change.
    const imported = { id: read.id, inputs: read.inputs ?? {}, outputs: read.properties };
    const { diff } = await bed.engine.up(imported, {
      fromAccount: "alice",
      toAccount: "carol",
      remark: "old remark",
      groups: ["family"],
    });
    expect(diff.changes).toBe("none");

    // Destroying an imported relation leaves the friendship in place.
    await bed.engine.destroy(imported);
    expect(await bed.friendEntry("alice", "carol")).toMatchObject({ remark: "", groups: [] });
  });

  test("import of an id whose friendship does not exist finds nothing", async () => {
    const read = await bed.host.read("alice/erin");
    expect(read.id).toBe("");
  });

  test("import of a malformed id fails, saying what an id looks like", async () => {
    await expect(bed.host.read("alice")).rejects.toThrow(/expected "<fromAccount>\/<toAccount>"/);
  });

  test("a relation created between the existence check and the import is adopted, not duplicated", async () => {
    // Two resources for the same pair (a mistake users make): the writes are serialized per account, so the second
    // import answers "already a friend" (30001), which create confirms with a read and treats as adoption.
    const [a, b] = await Promise.all([
      bed.engine.create({ fromAccount: "alice", toAccount: "erin", remark: "Erin" }),
      bed.engine.create({ fromAccount: "alice", toAccount: "erin", remark: "Erin" }),
    ]);
    expect([a.outputs.createdByResource, b.outputs.createdByResource].sort()).toEqual([false, true]);
    const created = a.outputs.createdByResource ? a : b;
    await bed.engine.destroy(created);
    expect(await bed.friendEntry("alice", "erin")).toBeUndefined();
  });
});
