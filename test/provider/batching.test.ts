/**
 * Many resources on one From_Account, as `pulumi up` runs them (in parallel): their operations coalesce into few
 * batch requests, writes to one account never overlap (no 30008), and one failed item fails only its own resource.
 */
import { CheckFailedError, HostCallError, type ResourceState } from "../../scripts/provider-host";
import { startTestbed, type Testbed } from "./testbed";
import { groupAdd, groupDelete } from "../helpers/calls";

let bed: Testbed;
const friends = Array.from({ length: 100 }, (_, i) => `friend${String(i).padStart(3, "0")}`);

beforeAll(async () => {
  // Conflict detection is on (the default): overlapping writes to one user's list would answer 30008.
  bed = await startTestbed({ accounts: ["owner", "other", "alice", "bob", "carol", ...friends] });
});

afterAll(async () => {
  await bed.close();
});

beforeEach(async () => {
  await bed.control.clearCalls();
});

function settledErrors(results: PromiseSettledResult<unknown>[]): string[] {
  return results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : []));
}

describe("coalescing", () => {
  test("100 concurrent creates for one account take a handful of calls and never conflict", async () => {
    const states = await Promise.all(
      friends.map((to, i) =>
        bed.engine.create({
          fromAccount: "owner",
          toAccount: to,
          remark: `Friend ${i}`,
          groups: [i % 2 ? "odd" : "even"],
        }),
      ),
    );
    expect(states.every((s) => s.outputs.createdByResource === true)).toBe(true);

    const calls = await bed.control.calls();
    expect(calls.filter((c) => c.outcome.errorCode !== 0)).toEqual([]);
    const byCommand: Record<string, number> = {};
    for (const c of calls) byCommand[c.command] = (byCommand[c.command] ?? 0) + 1;
    const perResource = calls.length / friends.length;
    // Measured and reported: lookups (friend_get_list, ≤100 per call), imports and updates (≤1000), read-backs.
    process.stdout.write(
      `coalescing: ${calls.length} calls for ${friends.length} concurrent creates (${perResource.toFixed(2)} per resource): ${JSON.stringify(byCommand)}\n`,
    );
    // Without coalescing each create costs 4 calls (400 in all).
    expect(calls.length).toBeLessThanOrEqual(friends.length / 4);
    expect(byCommand.friend_import).toBeLessThan(friends.length / 10);

    // The state really is what the resources say.
    const state = await bed.control.state();
    expect(Object.keys(state.accounts.owner.friends)).toHaveLength(friends.length);
    expect(state.accounts.owner.friends.friend007).toMatchObject({ remark: "Friend 7", groups: ["odd"] });

    await bed.control.clearCalls();
    await Promise.all(states.map((s) => bed.engine.destroy(s)));
    const deletes = await bed.control.calls("friend_delete");
    expect(deletes.length).toBeLessThan(friends.length / 10);
    expect((await bed.control.calls()).filter((c) => c.outcome.errorCode !== 0)).toEqual([]);
    expect((await bed.control.state()).accounts.owner.friends).toEqual({});
  });

  test("concurrent updates of different resources on one account go out as one friend_update per batch", async () => {
    const states = await Promise.all(
      friends.slice(0, 20).map((to) => bed.engine.create({ fromAccount: "other", toAccount: to, remark: "before" })),
    );
    await bed.control.clearCalls();
    const updated = await Promise.all(
      states.map((s) =>
        bed.engine.up(s, { fromAccount: "other", toAccount: s.outputs.toAccount as string, remark: "after" }),
      ),
    );
    expect(updated.every((u) => u.state.outputs.remark === "after")).toBe(true);
    const updates = await bed.control.calls("friend_update");
    expect(updates.reduce((n, c) => n + c.itemCount, 0)).toBe(20);
    expect(updates.length).toBeLessThan(5);
    await Promise.all(updated.map((u) => bed.engine.destroy(u.state)));
  });
});

describe("one failed item fails only its own resource", () => {
  test("a To_Account that was never imported", async () => {
    const results = await Promise.allSettled([
      bed.engine.create({ fromAccount: "alice", toAccount: "bob", remark: "Bob" }),
      bed.engine.create({ fromAccount: "alice", toAccount: "ghost", remark: "nobody" }),
      bed.engine.create({ fromAccount: "alice", toAccount: "carol", remark: "Carol" }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const [error] = settledErrors(results);
    expect(error).toMatch(/"alice" → "ghost" failed with ResultCode \d+/);

    // The failure came out of a request shared with the other resources.
    const shared = (await bed.control.calls()).find((c) => c.outcome.failedItems.includes("ghost"));
    expect(shared?.itemCount).toBeGreaterThan(1);

    for (const r of results) if (r.status === "fulfilled") await bed.engine.destroy(r.value as ResourceState);
  });

  test("a custom field the app has not configured fails its resource, not the others reading with it", async () => {
    // friend_get_list rejects a whole request naming an unconfigured tag; the batcher asks again per tag set.
    const results = await Promise.allSettled([
      bed.engine.create({ fromAccount: "alice", toAccount: "bob", customFields: { Test: "fine" } }),
      bed.engine.create({ fromAccount: "alice", toAccount: "carol", customFields: { Unknown: "not configured" } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect(settledErrors(results)[0]).toMatch(/30001/);
    for (const r of results) if (r.status === "fulfilled") await bed.engine.destroy(r.value as ResourceState);
  });

  test("a create whose tags the service refuses creates nothing and fails only with the service's code", async () => {
    // alice already has the 32 friend lists a user may have (docs/data-model.md#per-user-limits): a 33rd is 30011.
    const lists = Array.from({ length: 32 }, (_, i) => `list${i}`);
    await groupAdd(bed.direct, "alice", lists);

    const checked = await bed.host.check(
      {},
      { fromAccount: "alice", toAccount: "bob", remark: "Bob", groups: ["one-too-many"] },
    );
    const failure = await bed.host.create(checked.inputs).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(HostCallError);
    expect((failure as HostCallError).details).toMatch(/friend_import "alice" → "bob" failed with ResultCode 30011/);
    expect((failure as HostCallError).initFailed).toBeUndefined();
    expect(await bed.friendEntry("alice", "bob")).toBeUndefined();
    await groupDelete(bed.direct, "alice", lists);
  });

  test("a create whose friendship was made but could not be read back is recorded, and the next up finishes it", async () => {
    // A relation reading the friend's profile reads it back after the import. The import takes 1 s; meanwhile every
    // friend_get_list starts failing, so the read-back fails.
    await bed.control.setFaults({ latencyMs: 1000, commands: ["friend_import"] });
    const inputs = { fromAccount: "alice", toAccount: "bob", remark: "Bob", profileTags: ["Tag_Profile_IM_Nick"] };
    const checked = await bed.host.check({}, inputs);
    const creating = bed.host.create(checked.inputs).then(
      () => undefined,
      (e: unknown) => e,
    );
    while ((await bed.control.calls("friend_get_list")).length === 0) await new Promise((r) => setTimeout(r, 20));
    await bed.control.setFaults({ errorRate: 1, errorCodes: [30006], commands: ["friend_get_list"] });
    const failure = await creating;
    await bed.control.setFaults({});

    expect(failure).toBeInstanceOf(HostCallError);
    const { initFailed, details } = failure as HostCallError;
    expect(details).toMatch(/alice\/bob was created but reading it back failed: .*run `pulumi up` again/);
    // The engine displays the reasons of a resource with init errors.
    expect(initFailed?.reasons).toEqual([details]);
    // ErrorResourceInitFailed: the engine keeps the resource, so it is never forgotten.
    expect(initFailed?.id).toBe("alice/bob");
    expect(initFailed?.properties).toMatchObject({ fromAccount: "alice", toAccount: "bob", createdByResource: true });
    // With its `__provider`, so a refresh or destroy of the recorded resource finds its provider before any next up.
    expect(initFailed?.properties.__provider).toBe(bed.host.providerText);
    expect(await bed.friendEntry("alice", "bob")).toMatchObject({ remark: "Bob" });

    // The next up updates the recorded resource; destroy removes the friendship the stack created.
    const recorded: ResourceState = { id: initFailed!.id, inputs: checked.inputs, outputs: initFailed!.properties };
    const { state } = await bed.engine.up(recorded, { ...inputs, groups: ["list0"] });
    expect(state.outputs).toMatchObject({ remark: "Bob", groups: ["list0"], createdByResource: true });
    await bed.engine.destroy(state);
    expect(await bed.friendEntry("alice", "bob")).toBeUndefined();
  });

  test("inputs that fail check never reach the service", async () => {
    await expect(
      bed.engine.create({
        fromAccount: "alice",
        toAccount: "bob",
        groups: Array.from({ length: 33 }, (_, i) => `g${i}`),
      }),
    ).rejects.toBeInstanceOf(CheckFailedError);
    expect(await bed.control.calls()).toEqual([]);
  });
});
