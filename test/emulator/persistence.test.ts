import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import { EmulatorControl } from "../../emulator";
import { ChatHttp } from "../helpers/raw-http";
import { EmulatorProcess } from "../helpers/emulator-process";
import { startHarness, importFriends, users } from "../helpers/harness";

/**
 * State persistence: the state file and its log (emulator/README.md#durability), reload on start, the process under
 * SIGTERM and SIGKILL.
 */

const remarkUpdate = (from: string, to: string, remark: string) => ({
  From_Account: from,
  UpdateItem: [{ To_Account: to, SnsItem: [{ Tag: "Tag_SNS_IM_Remark", Value: remark }] }],
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "chat-emulator-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("state file, in process", () => {
  test("state survives a restart: everything written before close() is reloaded", async () => {
    const statePath = join(dir, "state.json");
    const first = await startHarness({ statePath });
    await first.control.seedAccounts(["alice", "bob", "carol"]);
    await importFriends(first.http, "alice", [{ to: "bob", remark: "B", groups: ["team"], custom: { Test: "t" } }]);
    await first.http.ok("sns/black_list_add", { From_Account: "carol", To_Account: ["alice"] });
    await first.http.ok("profile/portrait_set", {
      From_Account: "bob",
      ProfileItem: [{ Tag: "Tag_Profile_IM_Nick", Value: "Bob" }],
    });
    const before = await first.control.state();
    await first.close();

    expect(JSON.parse(readFileSync(statePath, "utf8"))).toEqual(before);
    const second = await startHarness({ statePath });
    try {
      expect(await second.control.state()).toEqual(before);
      const list = await second.http.ok("sns/friend_get_list", {
        From_Account: "alice",
        To_Account: ["bob"],
        TagList: ["Tag_SNS_IM_Remark", "Tag_Profile_IM_Nick"],
      });
      expect(list.InfoItem[0].SnsProfileItem).toEqual([
        { Tag: "Tag_SNS_IM_Remark", Value: "B" },
        { Tag: "Tag_Profile_IM_Nick", Value: "Bob" },
      ]);
    } finally {
      await second.close();
    }
  });

  test("after close() the directory holds the state file alone: no log, no temporary file", async () => {
    const statePath = join(dir, "state.json");
    const h = await startHarness({ statePath });
    try {
      await h.control.seedAccounts(["alice"]);
      await h.http.ok("im_open_login_svc/account_import", { UserID: "bob" });
      expect(readdirSync(dir).sort()).toEqual(["state.json", "state.json.log"]);
    } finally {
      await h.close();
    }
    expect(readdirSync(dir)).toEqual(["state.json"]);
    expect(Object.keys(JSON.parse(readFileSync(statePath, "utf8")).accounts)).toEqual(["alice", "bob"]);
  });

  test("a temporary file left by a killed process is removed on start; other files are left alone", async () => {
    const statePath = join(dir, "state.json");
    writeFileSync(join(dir, ".state.json.4242.tmp"), '{"half": ');
    writeFileSync(join(dir, "notes.tmp"), "mine");
    const emu = await startEmulator({ statePath });
    await emu.close();
    expect(readdirSync(dir).sort()).toEqual(["notes.tmp", "state.json"]);
  });

  test("the log is folded into the state file while running once it passes compactLogAfterBytes", async () => {
    const statePath = join(dir, "state.json");
    const h = await startHarness({ statePath, compactLogAfterBytes: 4096 });
    try {
      await h.control.seedAccounts(["alice", "bob"]);
      await importFriends(h.http, "alice", ["bob"]);
      let largestLog = 0;
      for (let i = 0; i < 100; i++) {
        await h.http.ok("sns/friend_update", remarkUpdate("alice", "bob", `remark ${i}`));
        largestLog = Math.max(largestLog, statSync(`${statePath}.log`).size);
      }
      // Each record is one account (well under 1 KiB here): the log never holds much more than the threshold.
      expect(largestLog).toBeLessThan(4096 + 1024);
      expect(readFileSync(statePath, "utf8")).toContain("remark ");
    } finally {
      await h.close();
    }
    const again = await startEmulator({ statePath });
    try {
      expect((await again.control.state()).accounts.alice.friends.bob.remark).toBe("remark 99");
    } finally {
      await again.close();
    }
  });

  test("a state path that is a symlink keeps pointing where it pointed; the target holds the state", async () => {
    const target = join(dir, "real", "state.json");
    mkdirSync(join(dir, "real"));
    const link = join(dir, "state.json");
    symlinkSync(join("real", "state.json"), link);
    // A link to a file not created yet: the emulator creates the file there.
    const first = await startEmulator({ statePath: link, accounts: ["alice"] });
    await first.close();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join("real", "state.json"));
    expect(Object.keys(JSON.parse(readFileSync(target, "utf8")).accounts)).toEqual(["alice"]);
    const second = await startEmulator({ statePath: link, accounts: ["bob"] });
    await second.close();
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(target, "utf8")).accounts)).toEqual(["alice", "bob"]);
    expect(readdirSync(dir).sort()).toEqual(["real", "state.json"]);
  });

  test("a log line cut short by a crash is ignored; a damaged line in the middle stops the start, naming it", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath, accounts: ["alice"] });
    await first.close();
    const record = (id: string) => JSON.stringify({ put: { [id]: {} }, del: [] });
    writeFileSync(`${statePath}.log`, `${record("bob")}\n${record("carol").slice(0, 20)}`);
    const second = await startEmulator({ statePath });
    expect(Object.keys((await second.control.state()).accounts)).toEqual(["alice", "bob"]);
    await second.close();
    writeFileSync(`${statePath}.log`, `${record("dave")}\n{"put": oops\n${record("erin")}\n`);
    await expect(startEmulator({ statePath })).rejects.toThrow(`${statePath}.log, line 2`);
  });

  test("a start that cannot listen releases the state file: no log is left behind", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulator({ statePath, accounts: ["alice"] });
    try {
      await expect(startEmulator({ statePath: join(dir, "other.json"), port: first.port })).rejects.toThrow(
        /EADDRINUSE/,
      );
      expect(readdirSync(dir).sort()).toEqual(["other.json", "state.json", "state.json.log"]);
    } finally {
      await first.close();
    }
  });

  test("a state file that is not valid JSON stops the start with a message naming it", async () => {
    const statePath = join(dir, "broken.json");
    writeFileSync(statePath, '{"format": "tencent-chat-emulator/state@1", "accounts": {');
    await expect(startEmulator({ statePath })).rejects.toThrow(statePath);
  });
});

describe("the emulator process (npm run emulator)", () => {
  test("prints exactly one line once ready; SIGTERM finishes the in-flight call, writes the state file and exits 0", async () => {
    const statePath = join(dir, "state.json");
    const proc = new EmulatorProcess(["--port", "0", "--state", statePath]);
    const url = await proc.ready();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const http = new ChatHttp(url);
    const control = new EmulatorControl(url);
    try {
      await control.seedAccounts(["alice"]);
      await control.setFaults({ latencyMs: 600 });
      const inFlight = http.call("im_open_login_svc/account_import", { UserID: "late", Nick: "in flight at SIGTERM" });
      // Signal only once the call has reached the emulator.
      while ((await control.info()).inFlightCalls === 0) await new Promise((r) => setTimeout(r, 10));
      proc.child.kill("SIGTERM");
      const res = await inFlight;
      expect(res.json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
      expect(await proc.exited).toEqual({ code: 0, signal: null });
    } finally {
      await http.close();
      await control.close();
    }
    expect(proc.stdout).toBe(`listening on ${url}\n`);
    const saved = JSON.parse(readFileSync(statePath, "utf8"));
    expect(Object.keys(saved.accounts)).toEqual(["alice", "late"]);
    expect(saved.accounts.late.profile.Tag_Profile_IM_Nick).toBe("in flight at SIGTERM");
  });

  test("every acknowledged write survives SIGKILL, with four writers still in flight at the kill", async () => {
    const statePath = join(dir, "state.json");
    const proc = new EmulatorProcess(["--port", "0", "--state", statePath]);
    const url = await proc.ready();
    const http = new ChatHttp(url);
    const control = new EmulatorControl(url);
    const friends = users("f", 400);
    const acknowledged: string[] = [];
    try {
      await control.seedAccounts(["owner", ...friends]);
      // Four writers, each adding friends one at a time, until the process dies under them.
      const writer = async (offset: number) => {
        for (let i = offset; i < friends.length; i += 4) {
          const res = await http.call("sns/friend_import", {
            From_Account: "owner",
            AddFriendItem: [{ To_Account: friends[i], AddSource: "AddSource_Type_Web" }],
          });
          if (res.json?.ErrorCode === 0 && res.json.ResultItem[0].ResultCode === 0) {
            acknowledged.push(friends[i]);
            // Killed right after the 120th acknowledgement, with no read in between.
            if (acknowledged.length === 120) proc.child.kill("SIGKILL");
          }
        }
      };
      await Promise.allSettled([0, 1, 2, 3].map(writer));
      expect((await proc.exited).signal).toBe("SIGKILL");
    } finally {
      await http.close();
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(120);
    const reloaded = await startEmulator({ statePath });
    try {
      const owner = (await reloaded.control.state()).accounts.owner;
      const missing = acknowledged.filter((f) => !Object.hasOwn(owner.friends, f));
      expect(missing).toEqual([]);
      expect(owner.sequences.standard).toBe(Object.keys(owner.friends).length);
    } finally {
      await reloaded.close();
    }
  });

  test("SIGKILL right after the last acknowledged write of a sequence of different writes loses none of them", async () => {
    const statePath = join(dir, "state.json");
    const proc = new EmulatorProcess(["--port", "0", "--state", statePath]);
    const url = await proc.ready();
    const http = new ChatHttp(url);
    const control = new EmulatorControl(url);
    try {
      await control.seedAccounts(["alice", "bob", "carol", "dave", "erin"]);
      await http.ok("sns/friend_import", {
        From_Account: "alice",
        AddFriendItem: ["bob", "carol", "dave"].map((to) => ({ To_Account: to, AddSource: "AddSource_Type_Web" })),
      });
      await http.ok("sns/friend_update", remarkUpdate("alice", "bob", "Bob"));
      await http.ok("sns/group_add", { From_Account: "alice", GroupName: ["team"], To_Account: ["carol"] });
      await http.ok("sns/friend_delete", { From_Account: "alice", To_Account: ["dave"] });
      await http.ok("sns/black_list_add", { From_Account: "erin", To_Account: ["alice"] });
      await http.ok("profile/portrait_set", {
        From_Account: "bob",
        ProfileItem: [{ Tag: "Tag_Profile_IM_Nick", Value: "B" }],
      });
      await http.ok("im_open_login_svc/account_import", { UserID: "frank", Nick: "Frank" });
      await http.ok("im_open_login_svc/account_delete", { DeleteItem: [{ UserID: "dave" }] });
      proc.child.kill("SIGKILL");
      await proc.exited;
    } finally {
      await http.close();
    }
    const reloaded = await startEmulator({ statePath });
    try {
      const { accounts } = await reloaded.control.state();
      expect(Object.keys(accounts).sort()).toEqual(["alice", "bob", "carol", "erin", "frank"]);
      expect(Object.keys(accounts.alice.friends).sort()).toEqual(["bob", "carol"]);
      expect(accounts.alice.friends.bob.remark).toBe("Bob");
      expect(accounts.alice.friends.carol.groups).toEqual(["team"]);
      expect(accounts.erin.blocklist).toHaveProperty("alice");
      expect(accounts.bob.profile.Tag_Profile_IM_Nick).toBe("B");
      expect(accounts.frank.profile.Tag_Profile_IM_Nick).toBe("Frank");
    } finally {
      await reloaded.close();
    }
  });
});
