/**
 * What Pulumi stores and runs for our resources. What users rely on: each resource's `__provider` is a `require` of
 * the installed package (a few hundred bytes, none of the provider's code), so the engine's per-step state rewrite
 * stays cheap; the host finds the package from the project's directory where it is installed in node_modules;
 * outside such a project it fails naming the package; and one host process gives FriendSets and FriendRelations one
 * write lane per account.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { EmulatorControl } from "../../emulator";
import { HostCallError, ProviderHost, stackConfigFor } from "../../scripts/provider-host";
import { providerScopeDir, serializeProvider } from "../../scripts/serialize-provider";

jest.setTimeout(120_000);

const installedPackage = path.resolve(__dirname, "..", "..", "node_modules", "pulumi-tencent-chat");

let emulator: RunningEmulator;
let control: EmulatorControl;
let relationText: string;
let setText: string;
const hosts: ProviderHost[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), "ptc-host-"));

async function startHost(cwd: string): Promise<ProviderHost> {
  const host = await ProviderHost.start({ providerText: relationText, cwd });
  hosts.push(host);
  return host;
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = new EmulatorControl(emulator.url);
  relationText = (await serializeProvider("friendRelation")).text;
  setText = (await serializeProvider("friendSet")).text;
});

afterAll(async () => {
  for (const host of hosts) await host.close();
  await control?.close();
  await emulator?.close();
  rmSync(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  await control.reset();
});

test.each([
  ["FriendRelation", () => relationText, "friend-relation"],
  ["FriendSet", () => setText, "friend-set"],
])(
  "%s: __provider is a require of the installed package, under 1 KB, with none of the provider's code",
  (_kind, text, file) => {
    expect(Buffer.byteLength(text())).toBeLessThan(1024);
    expect(text()).toContain(`require("pulumi-tencent-chat/dist/provider/host/${file}.js")`);
    expect(text()).not.toMatch(/ChatClient|FriendBatcher|friend_update|zod|undici|registry/);
  },
);

test("a project that installs the package in its node_modules runs the provider", async () => {
  const project = path.join(scratch, "installed");
  mkdirSync(path.join(project, "node_modules"), { recursive: true });
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "some-stack", dependencies: { "pulumi-tencent-chat": "*" } }),
  );
  symlinkSync(installedPackage, path.join(project, "node_modules", "pulumi-tencent-chat"), "dir");
  await control.seedAccounts(["alice", "bob"]);

  const host = await startHost(project);
  await host.configure(stackConfigFor(emulator.clientSettings()));
  const created = await host.create({ fromAccount: "alice", toAccount: "bob", remark: "Bob" });

  expect(created.id).toBe("alice/bob");
  expect((await control.state()).accounts.alice.friends).toHaveProperty("bob");
});

test("outside any project with the package, every call fails naming the package, and nothing is sent", async () => {
  const elsewhere = path.join(scratch, "elsewhere");
  mkdirSync(elsewhere, { recursive: true });

  const host = await startHost(elsewhere);
  const failure = await host.check({}, { fromAccount: "alice", toAccount: "bob" }).then(
    () => undefined,
    (error: unknown) => error,
  );

  expect(failure).toBeInstanceOf(HostCallError);
  expect((failure as HostCallError).details).toContain("pulumi-tencent-chat");
  expect(await control.calls()).toEqual([]);
});

test("one host process: a FriendSet and FriendRelations on one account share its write lane (no 30008)", async () => {
  const setFriends = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i}`, { remark: `S${i}` }]));
  const relationFriends = Array.from({ length: 10 }, (_, i) => `r${i}`);
  await control.seedAccounts(["alice", ...Object.keys(setFriends), ...relationFriends]);
  // Each import holds alice's write lock for 200 ms: two writes sent together would overlap.
  await control.setFaults({ latencyMs: 200, commands: ["friend_import"] });

  const host = await startHost(providerScopeDir);
  await host.configure(stackConfigFor(emulator.clientSettings()));
  const outcomes = await Promise.allSettled([
    host.create({ __provider: setText, fromAccount: "alice", friends: setFriends }),
    ...relationFriends.map((to) => host.create({ fromAccount: "alice", toAccount: to })),
  ]);
  await control.setFaults({});

  expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
  const imports = (await control.calls("friend_import")).filter((c) => c.fromAccount === "alice");
  expect(imports.filter((c) => c.outcome.errorCode === 30008)).toEqual([]);
  const friends = Object.keys((await control.state()).accounts.alice.friends).sort();
  expect(friends).toEqual([...relationFriends, ...Object.keys(setFriends)].sort());
});

test("once the engine that started it is gone, the host exits within a few seconds", async () => {
  const host = await startHost(providerScopeDir);
  await host.configure(stackConfigFor(emulator.clientSettings()));
  await host.check({}, { fromAccount: "alice", toAccount: "bob" });

  await host.stopEngine();
  const exited = await Promise.race([
    host.exitCode(),
    new Promise((r) => setTimeout(() => r("still running"), 15_000)),
  ]);
  expect(exited).toBe(1);
  expect(host.log).toContain("the Pulumi engine at 127.0.0.1");
});
