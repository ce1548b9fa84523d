import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import { parseArgs } from "../../emulator/main";
import { EmulatorControl } from "../../emulator";
import { ChatHttp } from "../helpers/raw-http";
import { EmulatorProcess } from "./emulator-process";
import { startHarness, importFriends, ids } from "./harness";

/** State persistence (atomic file, reload on start) and the command line: `npm run emulator -- ...`. */

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

  test("saves happen while running, not only at close, and leave no temporary file behind", async () => {
    const statePath = join(dir, "state.json");
    const h = await startHarness({ statePath });
    try {
      await h.control.seedAccounts(["alice"]);
      await h.http.ok("im_open_login_svc/account_import", { UserID: "bob" });
      // Saving is asynchronous and coalesced; wait for the file to catch up.
      for (let i = 0; i < 100 && !(existsSync(statePath) && readFileSync(statePath, "utf8").includes('"bob"')); i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(Object.keys(JSON.parse(readFileSync(statePath, "utf8")).accounts)).toEqual(["alice", "bob"]);
    } finally {
      await h.close();
    }
    expect(readdirSync(dir)).toEqual(["state.json"]);
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

  test("killed with SIGKILL in the middle of writes, it leaves a state file that loads", async () => {
    const statePath = join(dir, "state.json");
    const proc = new EmulatorProcess(["--port", "0", "--state", statePath]);
    const url = await proc.ready();
    const http = new ChatHttp(url);
    const control = new EmulatorControl(url);
    const friends = ids("f", 400);
    let acknowledged = 0;
    try {
      await control.seedAccounts(["owner", ...friends]);
      // Four writers, each adding friends one at a time, until the process dies under them.
      const writer = async (offset: number) => {
        for (let i = offset; i < friends.length; i += 4) {
          const res = await http.call("sns/friend_import", {
            From_Account: "owner",
            AddFriendItem: [{ To_Account: friends[i], AddSource: "AddSource_Type_Web" }],
          });
          if (res.json?.ErrorCode === 0) acknowledged++;
        }
      };
      const writers = Promise.allSettled([0, 1, 2, 3].map(writer));
      while (acknowledged < 60) await new Promise((r) => setTimeout(r, 5));
      proc.child.kill("SIGKILL");
      expect((await proc.exited).signal).toBe("SIGKILL");
      await writers;
    } finally {
      await http.close();
      await control.close();
    }
    expect(acknowledged).toBeLessThan(friends.length);
    // Whatever the kill interrupted, the file is one complete snapshot, and a new emulator starts from it.
    const saved = JSON.parse(readFileSync(statePath, "utf8"));
    expect(saved.format).toBe("tencent-chat-emulator/state@1");
    const reloaded = await startEmulator({ statePath });
    try {
      const owner = reloaded.store.snapshot().accounts.owner;
      expect(owner).toBeDefined();
      expect(Object.keys(owner.friends).length).toBeLessThanOrEqual(acknowledged);
      expect(owner.sequences.standard).toBe(Object.keys(owner.friends).length);
    } finally {
      await reloaded.close();
    }
  });
});

describe("command-line options and environment", () => {
  test("defaults: port 5050, nothing else set", () => {
    expect(parseArgs([], {})).toEqual({ port: 5050 });
  });

  test("--port, --host and --state, in both `--flag value` and `--flag=value` forms", () => {
    expect(parseArgs(["--port", "0", "--host", "0.0.0.0", "--state=/tmp/s.json"], {})).toEqual({
      port: 0,
      host: "0.0.0.0",
      statePath: "/tmp/s.json",
    });
  });

  test("TENCENT_CHAT_SDKAPPID, TENCENT_CHAT_ADMIN (comma-separated) and TENCENT_CHAT_SECRET_KEY", () => {
    expect(
      parseArgs([], {
        TENCENT_CHAT_SDKAPPID: "1400123456",
        TENCENT_CHAT_ADMIN: "admin1, admin2",
        TENCENT_CHAT_SECRET_KEY: "k",
      }),
    ).toEqual({
      port: 5050,
      sdkAppId: 1400123456,
      adminIdentifiers: ["admin1", "admin2"],
      secretKey: "k",
    });
  });

  test("bad input is refused with what was expected and what was given", () => {
    expect(() => parseArgs(["--port", "http"], {})).toThrow(/--port: expected an integer from 0 to 65535, got "http"/);
    expect(() => parseArgs(["--port"], {})).toThrow(/--port needs a value/);
    expect(() => parseArgs(["--verbose"], {})).toThrow(/unknown argument "--verbose"/);
    expect(() => parseArgs([], { TENCENT_CHAT_SDKAPPID: "abc" })).toThrow(
      /TENCENT_CHAT_SDKAPPID: expected a positive integer, got "abc"/,
    );
  });
});
