/**
 * A friend_import or friend_delete whose answer never arrives (a dropped connection, a gateway failure) may or may
 * not have been applied. The client never re-sends those blindly (a second import would answer "already a friend"
 * and hide what happened); the provider reads whether the friend is listed and decides, so an `up` under such faults
 * neither fails needlessly nor loses track of a friendship it created.
 */
import { HostCallError } from "../../scripts/provider-host";
import { startTestbed, type Testbed } from "./testbed";

let bed: Testbed;

beforeAll(async () => {
  bed = await startTestbed({ accounts: ["alice", "bob", "carol", "dave"] });
});

afterAll(async () => {
  await bed.close();
});

beforeEach(async () => {
  await bed.control.setFaults({});
  await bed.control.clearCalls();
});

async function sends(command: string): Promise<number> {
  return (await bed.control.calls(command)).length;
}

test("an import applied but never answered: the read finds the friend, the create succeeds as its creator", async () => {
  await bed.control.setFaults({ dropAfterApplyRate: 1, commands: ["friend_import"] });
  const state = await bed.engine.create({ fromAccount: "alice", toAccount: "bob", remark: "Bob" });

  expect(state.outputs).toMatchObject({ createdByResource: true, remark: "Bob" });
  expect(await sends("friend_import")).toBe(1);
  expect(await bed.friendEntry("alice", "bob")).toBeDefined();

  // Destroy removes it: the stack created it.
  await bed.control.setFaults({});
  await bed.engine.destroy(state);
  expect(await bed.friendEntry("alice", "bob")).toBeUndefined();
});

test("an import lost before it took effect is sent again after each read, at most five times, then fails clearly", async () => {
  await bed.control.setFaults({ dropRate: 1, commands: ["friend_import"] });
  const failure = await bed.engine.create({ fromAccount: "alice", toAccount: "carol" }).then(
    () => undefined,
    (error: unknown) => error,
  );

  expect(failure).toBeInstanceOf(HostCallError);
  expect((failure as HostCallError).details).toMatch(/friend_import/);
  expect((failure as HostCallError).initFailed).toBeUndefined();
  expect(await sends("friend_import")).toBe(5);
  expect(await bed.friendEntry("alice", "carol")).toBeUndefined();

  await bed.control.setFaults({});
  const state = await bed.engine.create({ fromAccount: "alice", toAccount: "carol" });
  expect(state.outputs.createdByResource).toBe(true);
});

test("a delete applied but never answered: the read finds the friend gone, the delete succeeds", async () => {
  const state = await bed.engine.create({ fromAccount: "alice", toAccount: "dave", remark: "Dave" });
  await bed.control.setFaults({ dropAfterApplyRate: 1, commands: ["friend_delete"] });

  await bed.engine.destroy(state);

  expect(await sends("friend_delete")).toBe(1);
  expect(await bed.friendEntry("alice", "dave")).toBeUndefined();
});
