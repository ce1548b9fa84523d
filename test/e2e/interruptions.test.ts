/**
 * Interrupted runs with the real Pulumi CLI: whatever is killed mid-`up`, the next `up` records every friendship the
 * stack created as created, and `destroy` then leaves the service exactly as it was before the stack: friendships
 * that existed before are kept, none the stack made is left behind. Judged by the emulator's state, never by the
 * stack's own records.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ChatClient } from "../../provider/client/client";
import { resolveClientConfig } from "../../provider/config/client-config";
import { EmulatorControl } from "../../emulator";
import { E2EStack, pulumiAvailability, type Declared, type StackCredentials } from "../helpers/pulumi-stack";

const pulumi = pulumiAvailability();
const describeE2E = pulumi.available ? describe : describe.skip;
jest.setTimeout(300_000);

const OWNERS = ["ia", "ib", "ic"];
const FRIENDS = Array.from({ length: 8 }, (_, i) => `if${i}`);

/** 24 relations; the first friend of each owner already exists before the stack (made by someone else). */
function declaration(): Declared[] {
  return OWNERS.flatMap((from) =>
    FRIENDS.map((to, i) => ({
      name: `${from}-${to}`,
      fromAccount: from,
      toAccount: to,
      remark: `${to} of ${from}`,
      groups: [`g${i % 3}`],
    })),
  );
}

/** Every friendship of the owners, as `from→to`. */
async function friendships(control: EmulatorControl): Promise<string[]> {
  const state = await control.state();
  return OWNERS.flatMap((from) => Object.keys(state.accounts[from]?.friends ?? {}).map((to) => `${from}→${to}`)).sort();
}

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describeE2E("interrupted runs leak nothing", () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  let credentials: StackCredentials;
  let client: ChatClient;
  let before: string[];
  const stacks: E2EStack[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    credentials = emulator.clientSettings();
    control = new EmulatorControl(emulator.url);
    client = new ChatClient(resolveClientConfig(credentials));
  });

  beforeEach(async () => {
    await control.reset();
    await control.seedAccounts([...OWNERS, ...FRIENDS, "outsider"]);
    // Friendships someone else made: if0, which the stack declares (adopted), and one the stack never declares.
    for (const from of OWNERS) {
      const results = await client.friendImport(from, [
        { To_Account: "if0", AddSource: "AddSource_Type_Web", Remark: "made by hand" },
        { To_Account: "outsider", AddSource: "AddSource_Type_Web" },
      ]);
      expect(results.map((r) => r.ResultCode)).toEqual([0, 0]);
    }
    before = await friendships(control);
    await control.clearCalls();
    // Each write takes a while, so a run can be interrupted between its first write and its last.
    await control.setFaults({ latencyMs: 150, commands: ["friend_import", "friend_update"] });
  });

  afterAll(async () => {
    for (const stack of stacks) await stack.dispose();
    await client?.close();
    await control?.close();
    await emulator?.close();
  });

  async function newStack(): Promise<E2EStack> {
    const stack = new E2EStack(credentials);
    stacks.push(stack);
    await stack.init();
    stack.declare(declaration());
    return stack;
  }

  /** After an interruption: the next up converges, records created vs adopted truthfully, and destroy restores. */
  async function recoverAndDestroy(stack: E2EStack): Promise<void> {
    await control.setFaults({});
    await stack.run(["cancel", "--yes"]);
    await stack.up();
    const declared = OWNERS.flatMap((from) => FRIENDS.map((to) => `${from}→${to}`));
    expect(await friendships(control)).toEqual([...new Set([...before, ...declared])].sort());
    const created = JSON.parse((await stack.mustRun(["stack", "output", "created", "--json"])).stdout) as Record<
      string,
      boolean
    >;
    for (const [name, wasCreated] of Object.entries(created))
      expect([name, wasCreated]).toEqual([name, !name.endsWith("-if0")]);

    await stack.mustRun(["destroy", "--yes", "--skip-preview"]);
    expect(await friendships(control)).toEqual(before);
  }

  test("the pulumi CLI SIGKILLed after its first write: no friendship left behind, no host left running", async () => {
    const stack = await newStack();
    const run = stack.start(["up", "--yes", "--skip-preview"]);
    await until(async () => (await control.calls("friend_import")).some((c) => c.outcome.errorCode === 0));
    const hosts = stack.providerHostPids(run.child.pid!);
    expect(hosts.length).toBeGreaterThan(0);
    run.child.kill("SIGKILL");
    await run.done;

    // The dynamic-provider host the killed CLI started notices and exits.
    await until(async () => hosts.every((pid) => !E2EStack.isRunning(pid)), 20_000);
    await recoverAndDestroy(stack);
  });

  test("the provider host SIGKILLed mid-up: no friendship left behind", async () => {
    const stack = await newStack();
    const run = stack.start(["up", "--yes", "--skip-preview"]);
    await until(async () => (await control.calls("friend_import")).some((c) => c.outcome.errorCode === 0));
    const pids = stack.providerHostPids(run.child.pid!);
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, "SIGKILL");
    const result = await run.done;
    expect(result.code).not.toBe(0);
    await recoverAndDestroy(stack);
  });
});
