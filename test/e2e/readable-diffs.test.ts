/**
 * `pulumi preview --diff` as a person reads it, with the real CLI: a FriendSet of 2,000 friends with one changed
 * remark shows that remark, not the 2,000 friends.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { EmulatorControl } from "../../emulator";
import { E2EStack, pulumiAvailability, type DeclaredSet } from "../helpers/pulumi-stack";

const pulumi = pulumiAvailability();
const describeE2E = pulumi.available ? describe : describe.skip;
jest.setTimeout(300_000);

const FRIENDS = Array.from({ length: 2000 }, (_, i) => `d${String(i).padStart(4, "0")}`);

describeE2E("readable diffs", () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  let stack: E2EStack;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    control = new EmulatorControl(emulator.url);
    await control.seedAccounts(["diff_owner", ...FRIENDS]);
    stack = new E2EStack(emulator.clientSettings());
    await stack.init();
  });

  afterAll(async () => {
    await stack?.dispose();
    await control?.close();
    await emulator?.close();
  });

  test("a 2,000-friend FriendSet with one changed remark previews as that one change", async () => {
    const set = (changed?: string): DeclaredSet => ({
      name: "owner-friends",
      fromAccount: "diff_owner",
      friends: Object.fromEntries(FRIENDS.map((id) => [id, { remark: id === changed ? "renamed" : `Friend ${id}` }])),
    });
    stack.declare([], [set()]);
    await stack.up();

    stack.declare([], [set("d1234")]);
    const preview = await stack.mustRun(["preview", "--diff"]);
    const lines = preview.stdout.split("\n").filter((line) => line.trim() !== "");
    if (process.env.PTC_SHOW) console.log(preview.stdout);
    expect(preview.stdout).toContain("d1234");
    expect(preview.stdout).toContain('"renamed"');
    expect(preview.stdout).not.toContain("d1233");
    expect(lines.length).toBeLessThan(40);
  });
});
