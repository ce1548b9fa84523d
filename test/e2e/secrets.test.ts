/**
 * Where the app's secret key can appear, pinned with the real CLI, as README's "Secrets" section states it: set
 * through stack config, it is in state only encrypted (the default provider's inputs) and in the engine's own `-v=9`
 * trace; set through TENCENT_CHAT_SECRET_KEY, in neither. And what a key rotation takes in each case.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { EmulatorControl } from "../../emulator";
import { E2EStack, pulumiAvailability } from "../helpers/pulumi-stack";

const pulumi = pulumiAvailability();
const describeE2E = pulumi.available ? describe : describe.skip;
jest.setTimeout(300_000);

const KEY_A = "rotation-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const KEY_B = "rotation-key-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const DEFAULT_PROVIDER = "pulumi:providers:pulumi-nodejs";

describeE2E("the secret key", () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), "ptc-secrets-"));
  let emulator: RunningEmulator;
  let port = 0;
  const stacks: E2EStack[] = [];

  /** The emulator on the same port and state file, verifying UserSigs with `secretKey`. */
  async function serveWithKey(secretKey: string): Promise<void> {
    await emulator?.close();
    emulator = await startEmulator({
      port,
      secretKey,
      statePath: path.join(stateDir, "state.json"),
    });
    port = Number(new URL(emulator.url).port);
    const control = new EmulatorControl(emulator.url);
    await control.seedAccounts(["sa", "sb"]);
    await control.close();
  }

  async function newStack(via: "config" | "env"): Promise<E2EStack> {
    const stack = new E2EStack({ ...emulator.clientSettings(), secretKey: KEY_A }, via);
    stacks.push(stack);
    await stack.init();
    stack.declare([{ name: "sa-sb", fromAccount: "sa", toAccount: "sb", remark: "B" }]);
    return stack;
  }

  beforeAll(async () => {
    await serveWithKey(KEY_A);
  });

  beforeEach(async () => {
    await serveWithKey(KEY_A);
  });

  afterAll(async () => {
    await serveWithKey(KEY_A);
    for (const stack of stacks) await stack.dispose();
    await emulator?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  test("through stack config: in state only encrypted, in the default provider's inputs; printed by -v=9", async () => {
    const stack = await newStack("config");
    const traced = await stack.mustRun(["up", "--yes", "--skip-preview", "-v=9", "--logtostderr"]);

    const exported = await stack.exportState();
    expect(exported).not.toContain(KEY_A);
    const resources = (JSON.parse(exported) as { deployment: { resources: Array<Record<string, unknown>> } }).deployment
      .resources;
    const provider = resources.find((r) => r.type === DEFAULT_PROVIDER);
    const recorded = (provider?.inputs as Record<string, unknown>)["tencent-chat:secretKey"];
    expect(recorded).toMatchObject({ ciphertext: expect.any(String) });
    // Anyone who can decrypt the stack can read it.
    expect((await stack.mustRun(["stack", "export", "--show-secrets"])).stdout).toContain(KEY_A);
    // The engine's own verbose trace prints the provider's configuration in plain text.
    expect(traced.stderr).toContain(KEY_A);
  });

  test("through TENCENT_CHAT_SECRET_KEY: in no state, stack file or -v=9 trace", async () => {
    const stack = await newStack("env");
    const traced = await stack.mustRun(["up", "--yes", "--skip-preview", "-v=9", "--logtostderr"]);
    const everything = [
      traced.stdout,
      traced.stderr,
      (await stack.mustRun(["stack", "export", "--show-secrets"])).stdout,
      (await stack.mustRun(["config", "--show-secrets"])).stdout,
    ].join("\n");
    expect(everything).toContain("sa");
    expect(everything).not.toContain(KEY_A);
  });

  test("rotation through stack config: refresh keeps the recorded key until an up (or refresh --run-program)", async () => {
    const stack = await newStack("config");
    await stack.up();
    await serveWithKey(KEY_B);
    await stack.mustRun(["config", "set", "--secret", "tencent-chat:secretKey", KEY_B]);

    const stale = await stack.run(["refresh", "--yes", "--skip-preview"]);
    expect(stale.code).not.toBe(0);
    expect(stale.stdout).toMatch(/ErrorCode 70009 .*check the secretKey setting or TENCENT_CHAT_SECRET_KEY/);
    // Said once, on the resource, without a stack trace from the provider host.
    expect(stale.stdout).not.toMatch(/^\s+at \S+ \(/m);

    await stack.mustRun(["refresh", "--yes", "--skip-preview", "--run-program"]);
    await stack.up();
    await stack.mustRun(["refresh", "--yes", "--skip-preview"]);
  });

  test("rotation through the environment: the next command uses the new key", async () => {
    const stack = await newStack("env");
    await stack.up();
    await serveWithKey(KEY_B);
    stack.setEnvironment({ TENCENT_CHAT_SECRET_KEY: KEY_B });
    await stack.mustRun(["refresh", "--yes", "--skip-preview"]);
    await stack.up();
  });
});
