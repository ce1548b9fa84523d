/**
 * Names that are members of Object.prototype, through the real CLI: a custom field named `valueOf` or `toString`, and
 * friends named `toString`, `valueOf` or `constructor`, are just names from `up` to `destroy`; a `__proto__` key,
 * which Pulumi's SDK cannot carry in a map, is refused in one line before anything is sent.
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import { E2EStack, pulumiAvailability, type DeclaredSet } from "../helpers/pulumi-stack";

const pulumi = pulumiAvailability();
const describeE2E = pulumi.available ? describe : describe.skip;
jest.setTimeout(300_000);

const ODD = ["toString", "valueOf", "constructor"];

describeE2E("prototype names end to end", () => {
  let emulator: RunningEmulator;
  const stacks: E2EStack[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, customSnsTags: ["Test", "valueOf", "toString"] });
    await emulator.control.seedAccounts(["pa", "pb", ...ODD]);
  });

  afterAll(async () => {
    for (const stack of stacks) await stack.dispose();
    await emulator?.close();
  });

  async function newStack(): Promise<E2EStack> {
    const stack = new E2EStack(emulator.clientSettings());
    stacks.push(stack);
    await stack.init();
    return stack;
  }

  const friendsOf = async (from: string) => (await emulator.control.state()).accounts[from]?.friends ?? {};

  test("custom fields named valueOf and toString are set, cleared and destroyed like any other", async () => {
    const stack = await newStack();
    stack.declare([
      { name: "pa-pb", fromAccount: "pa", toAccount: "pb", customFields: { valueOf: "v", toString: "t", Test: "x" } },
    ]);
    await stack.up();
    expect((await friendsOf("pa")).pb?.custom).toEqual({
      Tag_SNS_Custom_valueOf: "v",
      Tag_SNS_Custom_toString: "t",
      Tag_SNS_Custom_Test: "x",
    });

    stack.declare([{ name: "pa-pb", fromAccount: "pa", toAccount: "pb", customFields: { Test: "x" } }]);
    await stack.up();
    expect((await friendsOf("pa")).pb?.custom).toEqual({ Tag_SNS_Custom_Test: "x" });

    await stack.mustRun(["destroy", "--yes", "--skip-preview"]);
    expect((await friendsOf("pa")).pb).toBeUndefined();
  });

  test("a FriendSet whose friends are named toString, valueOf and constructor", async () => {
    const stack = await newStack();
    const friends = Object.fromEntries(ODD.map((id) => [id, { remark: `I am ${id}` }]));
    stack.declare([], [{ name: "pb-set", fromAccount: "pb", friends }]);
    await stack.up();
    const listed = await friendsOf("pb");
    expect(ODD.map((id) => [id, listed[id]?.remark])).toEqual(ODD.map((id) => [id, `I am ${id}`]));

    await stack.mustRun(["destroy", "--yes", "--skip-preview"]);
    expect(Object.keys(await friendsOf("pb"))).toEqual([]);
  });

  test("a FriendSet friend named __proto__ is refused in one line, and nothing is sent", async () => {
    const stack = await newStack();
    // JSON.parse makes `__proto__` an own key, as reading a data file does.
    const sets = JSON.parse(
      '[{"name": "pa-set", "fromAccount": "pa", "friends": {"__proto__": {"remark": "p"}, "pb": {}}}]',
    ) as DeclaredSet[];
    stack.declare([], sets);
    await emulator.control.clearCalls();
    const preview = await stack.run(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.stdout).toMatch(/friends has a key "__proto__".*declare that friend with a FriendRelation/);
    expect(preview.stdout).not.toMatch(/^\s+at /m);
    expect(await emulator.control.calls()).toEqual([]);
  });
});
