/**
 * `tencent-chat apply` and `tencent-chat snapshot` as a team runs them: the installed package's command, the real
 * Pulumi CLI through the Automation API, emulators as the apps. Judged by the emulators' state and call logs, and by
 * the files and exit codes a CI job sees.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { type RunningEmulator, type StateSnapshot, startEmulator } from "../../emulator";
import { ChatClient } from "../../provider/client/client";
import { resolveClientConfig } from "../../provider/config/client-config";
import { ensurePackageInstalled } from "../../scripts/package-build";
import { EmulatorControl } from "../../emulator";
import { installedCli } from "../helpers/emulator-process";
import { type RunResult, runProcess, startProcess } from "../../scripts/child-process";
import { pulumiAvailability } from "../helpers/pulumi-stack";

const pulumi = pulumiAvailability();
const describeE2E = pulumi.available ? describe : describe.skip;
jest.setTimeout(300_000);

const WRITES = new Set([
  "account_import",
  "multiaccount_import",
  "account_delete",
  "portrait_set",
  "friend_import",
  "friend_add",
  "friend_update",
  "friend_delete",
]);

/** What every friendship and account looks like, without the service's own timestamps. */
function comparable(state: StateSnapshot): unknown {
  return Object.fromEntries(
    Object.entries(state.accounts)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, account]) => [
        id,
        {
          profile: account.profile,
          friends: Object.fromEntries(
            Object.entries(account.friends)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([to, f]) => [to, { remark: f.remark, groups: [...f.groups].sort(), custom: f.custom }]),
          ),
        },
      ]),
  );
}

describeE2E("tencent-chat apply and snapshot", () => {
  const workDir = mkdtempSync(path.join(tmpdir(), "ptc-apply-"));
  let app: RunningEmulator;
  let control: EmulatorControl;

  function cliEnv(emulator: RunningEmulator, extraEnv: Record<string, string>): NodeJS.ProcessEnv {
    const settings = emulator.clientSettings();
    return {
      // The Node running these tests (22, from the devDependency) first, as a team's CI has its own Node first.
      PATH: [pulumi.available ? pulumi.binDir : "", path.dirname(process.execPath), process.env.PATH ?? ""].join(
        path.delimiter,
      ),
      HOME: workDir,
      PULUMI_HOME: path.join(workDir, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      TENCENT_CHAT_ENDPOINT: settings.endpoint,
      TENCENT_CHAT_SDKAPPID: String(settings.sdkAppId),
      TENCENT_CHAT_ADMIN: settings.adminIdentifier,
      TENCENT_CHAT_SECRET_KEY: settings.secretKey,
      ...extraEnv,
    };
  }

  function run(
    args: string[],
    emulator: RunningEmulator = app,
    extraEnv: Record<string, string> = {},
  ): Promise<RunResult> {
    return runProcess(process.execPath, [installedCli, ...args], { cwd: workDir, env: cliEnv(emulator, extraEnv) });
  }

  async function mustRun(args: string[], emulator: RunningEmulator = app): Promise<RunResult> {
    const result = await run(args, emulator);
    if (result.code !== 0)
      throw new Error(`tencent-chat ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result;
  }

  function file(name: string, text: string): string {
    const target = path.join(workDir, name);
    writeFileSync(target, text);
    return target;
  }

  async function writeCalls(): Promise<string[]> {
    return (await control.calls()).filter((c) => WRITES.has(c.command)).map((c) => c.command);
  }

  beforeAll(async () => {
    ensurePackageInstalled();
    app = await startEmulator({ port: 0, customProfileTags: ["Team"] });
    control = new EmulatorControl(app.url);
  });

  afterAll(async () => {
    await control?.close();
    await app?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  describe("one declaration through its life", () => {
    const seed = `version: 1
accounts:
  alice:
    nick: Alice
    profile: { Tag_Profile_IM_Gender: Gender_Type_Female, Tag_Profile_Custom_Team: payments }
    friends:
      bob: { remark: Bob (design), groups: [team, design], customFields: { Test: lead } }
      old: { remark: Old friend }
  bob:
    nick: Bob
  carol: {}
  old:
    nick: Old
mutual:
  - [bob, carol]
`;
    let seedFile: string;
    let beforeStack: unknown;

    beforeAll(async () => {
      // Someone built part of the app by hand: the account "old" and its friendship with alice's future friend.
      const client = new ChatClient(resolveClientConfig({ ...app.clientSettings(), maxAttempts: 1 }));
      await client.accountImport("old", { nick: "Old by hand" });
      await client.accountImport("outsider", {});
      await client.friendImport("old", [{ To_Account: "outsider", AddSource: "AddSource_Type_Web", Remark: "kept" }]);
      await client.close();
      beforeStack = comparable(await control.state());
      seedFile = file("seed.yaml", seed);
    });

    test("apply creates what the file declares, adopting what exists, and says what it did", async () => {
      await control.clearCalls();
      const result = await mustRun(["apply", seedFile]);
      expect(result.stdout).toBe("up done: 7 created, 0 updated, 0 deleted, 0 replaced, 0 unchanged\n");
      expect(result.stderr).toMatch(/^\+ Account alice: create done$/m);
      const state = await control.state();
      expect(state.accounts.alice.profile).toMatchObject({
        Tag_Profile_IM_Nick: "Alice",
        Tag_Profile_IM_Gender: "Gender_Type_Female",
        Tag_Profile_Custom_Team: "payments",
      });
      expect(state.accounts.old.profile.Tag_Profile_IM_Nick).toBe("Old");
      expect(comparable(state)).toMatchObject({
        alice: {
          friends: {
            bob: { remark: "Bob (design)", groups: ["design", "team"], custom: { Tag_SNS_Custom_Test: "lead" } },
            old: { remark: "Old friend", groups: [] },
          },
        },
        bob: { friends: { carol: { remark: "", groups: [] } } },
        carol: { friends: { bob: { remark: "", groups: [] } } },
      });
    });

    test("a second apply of the same file changes nothing and writes nothing", async () => {
      await control.clearCalls();
      const result = await mustRun(["apply", seedFile, "--json"]);
      expect(JSON.parse(result.stdout)).toEqual({
        stack: "seed",
        operation: "up",
        created: 0,
        updated: 0,
        deleted: 0,
        replaced: 0,
        unchanged: 7,
        succeeded: true,
      });
      expect(await writeCalls()).toEqual([]);
    });

    test("the default state backend writes no .attrs sidecar, which an interrupted CLI could leave empty", () => {
      const files = readdirSync(path.join(workDir, ".tencent-chat", "state"), { recursive: true }).map(String);
      expect(files).toContain(path.join(".pulumi", "stacks", "tencent-chat-apply", "seed.json"));
      expect(files.filter((name) => name.endsWith(".attrs"))).toEqual([]);
    });

    test("a changed file updates only what changed: one remark is one friend_update of one item", async () => {
      const changed = file("seed.yaml", seed.replace("remark: Bob (design)", "remark: Bob (lead)"));
      await control.clearCalls();
      const preview = await mustRun(["apply", changed, "--preview"]);
      expect(preview.stdout).toBe("preview done: 0 created, 1 updated, 0 deleted, 0 replaced, 6 unchanged\n");
      expect(await writeCalls()).toEqual([]);

      const result = await mustRun(["apply", changed]);
      expect(result.stdout).toBe("up done: 0 created, 1 updated, 0 deleted, 0 replaced, 6 unchanged\n");
      const updates = await control.calls("friend_update");
      expect(await writeCalls()).toEqual(["friend_update"]);
      expect(updates[0].body).toEqual({
        From_Account: "alice",
        UpdateItem: [{ To_Account: "bob", SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: "Bob (lead)" }] }],
      });
    });

    test("destroy removes what the stack created and gives back what it adopted, as it was before", async () => {
      const result = await mustRun(["apply", seedFile, "--destroy"]);
      expect(result.stdout).toBe("destroy done: 0 created, 0 updated, 7 deleted, 0 replaced, 0 unchanged\n");
      expect(comparable(await control.state())).toEqual(beforeStack);
    });
  });

  describe("a bad file fails with its file, line and column, and nothing is sent", () => {
    const cases = [
      {
        what: "an unknown key",
        text: "accounts:\n  alice:\n    friends:\n      bob: { remakr: Bob }\n  bob: {}\n",
        line: /bad\.yaml:4:\d+: accounts\.alice\.friends\.bob\.remakr: .*remark/,
        sent: [] as string[],
      },
      {
        what: "a remark over 96 bytes",
        text: `accounts:\n  alice:\n    friends:\n      bob:\n        remark: ${"x".repeat(97)}\n  bob: {}\n`,
        line: /bad\.yaml:5:\d+: accounts\.alice\.friends\.bob\.remark: .*96 bytes.*97/,
        sent: [],
      },
      {
        what: "a friend declared nowhere that does not exist in the app",
        text: "accounts:\n  alice:\n    friends:\n      ghost: { remark: Boo }\n",
        line: /bad\.yaml:4:\d+: .*ghost/,
        // Whether the account exists is asked of the app; nothing is written.
        sent: ["account_check"],
      },
    ];

    test.each(cases)("$what", async ({ text, line, sent }) => {
      await control.reset();
      await control.seedAccounts(["alice", "bob"]);
      await control.clearCalls();
      const result = await run(["apply", file("bad.yaml", text)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(line);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect((await control.calls()).map((c) => c.command)).toEqual(sent);
    });
  });

  test("exit codes: 2 for a usage mistake, 1 for a deployment that failed", async () => {
    const usage = await run(["apply"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/apply takes one FILE/);

    await control.reset();
    await control.seedAccounts(["alice", "bob"]);
    // Every friend_import refused, as an app that does not allow it would (70402 is not retried).
    await control.setFaults({ errorRate: 1, errorCodes: [70402], commands: ["friend_import"] });
    try {
      const failed = await run([
        "apply",
        file("fails.yaml", "accounts:\n  alice:\n    friends: { bob: {} }\n"),
        "--stack",
        "fails",
      ]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/^up FAILED: /);
      expect(failed.stderr).toMatch(/70402/);
    } finally {
      await control.setFaults({});
    }
  });

  test("an apply killed with its whole process group mid-run: the next one releases the lock and finishes, destroy leaves the app as before", async () => {
    await control.reset();
    await control.seedAccounts(["outsider"]);
    const owners = ["ka", "kb", "kc", "kd"];
    const killed = file(
      "killed.yaml",
      `accounts:\n${owners
        .map(
          (from) =>
            `  ${from}:\n    friends:\n${owners
              .filter((to) => to !== from)
              .map((to) => `      ${to}: { remark: ${to} of ${from}, groups: [k] }\n`)
              .join("")}`,
        )
        .join("")}`,
    );
    const before = comparable(await control.state());
    // Each write takes a while, so the kill lands between the first write and the last.
    await control.setFaults({ latencyMs: 400, commands: ["friend_import", "friend_update", "portrait_set"] });
    const first = startProcess(process.execPath, [installedCli, "apply", killed], {
      cwd: workDir,
      env: cliEnv(app, {}),
      detached: true,
    });
    const deadline = Date.now() + 120_000;
    while (!(await control.calls("friend_import")).some((c) => c.outcome.errorCode === 0)) {
      if (Date.now() > deadline) throw new Error(`no friend_import within 120 s\n${(await first.done).stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    process.kill(-first.child.pid!, "SIGKILL");
    await first.done;
    await control.setFaults({});

    const again = await run(["apply", killed]);
    expect([again.code, again.stderr]).toEqual([0, expect.stringMatching(/released the lock of an earlier run/)]);
    const state = await control.state();
    for (const from of owners)
      for (const to of owners.filter((t) => t !== from))
        expect([from, to, state.accounts[from]?.friends[to]?.remark]).toEqual([from, to, `${to} of ${from}`]);
    expect((await mustRun(["apply", killed])).stdout).toMatch(/^up done: 0 created, 0 updated, 0 deleted/);

    await mustRun(["apply", killed, "--destroy"]);
    expect(comparable(await control.state())).toEqual(before);
  });

  test("snapshot round trip: an app snapshotted, applied to an empty app, snapshotted again gives the same file", async () => {
    await control.reset();
    const client = new ChatClient(resolveClientConfig({ ...app.clientSettings(), maxAttempts: 1 }));
    for (const [id, nick] of [
      ["ann", "Ann"],
      ["ben", ""],
      ["cat", "Cat"],
      ["__proto__", "Proto"],
    ] as const)
      await client.accountImport(id, nick ? { nick } : {});
    await client.portraitSet("ann", [
      { Tag: "Tag_Profile_IM_Gender", Value: "Gender_Type_Female" },
      { Tag: "Tag_Profile_Custom_Team", Value: "core" },
    ]);
    await client.friendImport("ann", [
      { To_Account: "ben", AddSource: "AddSource_Type_Web", Remark: "Ben", GroupName: ["work", "gym"] },
      {
        To_Account: "__proto__",
        AddSource: "AddSource_Type_Web",
        CustomItem: [{ Tag: "Tag_SNS_Custom_Test", Value: "p" }],
      },
    ]);
    await client.friendImport("ben", [{ To_Account: "ann", AddSource: "AddSource_Type_Web", Remark: "Ann" }]);
    await client.friendImport("cat", [{ To_Account: "ann", AddSource: "AddSource_Type_Web" }]);
    await client.close();

    const first = path.join(workDir, "snapshot-a.yaml");
    await mustRun(["snapshot", "--accounts", "ann,cat", "--profile-tags", "Tag_Profile_Custom_Team", "--out", first]);
    const empty = await startEmulator({ port: 0, customProfileTags: ["Team"] });
    try {
      await mustRun(["apply", first, "--stack", "copy"], empty);
      const second = path.join(workDir, "snapshot-b.yaml");
      await mustRun(
        ["snapshot", "--accounts", "ann,cat", "--profile-tags", "Tag_Profile_Custom_Team", "--out", second],
        empty,
      );
      expect(readFileSync(second, "utf8")).toBe(readFileSync(first, "utf8"));
      // And the copy holds what the original does, for everything the snapshot read.
      const copy = new EmulatorControl(empty.url);
      const held = comparable(await copy.state()) as Record<string, unknown>;
      const original = comparable(await control.state()) as Record<string, unknown>;
      await copy.close();
      for (const id of ["ann", "cat"]) expect([id, held[id]]).toEqual([id, original[id]]);
    } finally {
      await empty.close();
    }
    expect(readFileSync(first, "utf8")).toMatch(/__proto__:/);
  });
});
