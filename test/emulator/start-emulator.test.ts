import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EmulatorControl, startEmulator } from "../../emulator";
import { ChatHttp } from "../helpers/raw-http";

/** `startEmulator` as an importable API for users' CI: what it returns and the accounts it creates at start. */

describe("startEmulator", () => {
  test("returns url, host, port, clientSettings() and a control client for that emulator", async () => {
    const emu = await startEmulator({ port: 0 });
    try {
      expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
      expect(emu.host).toBe("127.0.0.1");
      expect(emu.clientSettings()).toEqual({
        endpoint: emu.url,
        sdkAppId: 1400000000,
        adminIdentifier: "administrator",
        secretKey: "emulator-local-secret",
      });
      expect(emu.control).toBeInstanceOf(EmulatorControl);
      expect(emu.control.baseUrl).toBe(emu.url);
      expect(await emu.control.seedAccounts(["alice"])).toEqual([]);
      expect(Object.keys((await emu.control.state()).accounts)).toEqual(["alice"]);
    } finally {
      await emu.close();
    }
  });

  test("accounts: ids and {userId, nick, allowType} are accounts before the first call", async () => {
    const emu = await startEmulator({
      accounts: ["alice", { userId: "bob", nick: "Bob", allowType: "AllowType_Type_AllowAny" }],
    });
    const http = ChatHttp.for(emu);
    try {
      const check = await http.ok("im_open_login_svc/account_check", {
        CheckItem: [{ UserID: "alice" }, { UserID: "bob" }, { UserID: "carol" }],
      });
      expect(check.ResultItem.map((i: { AccountStatus: string }) => i.AccountStatus)).toEqual([
        "Imported",
        "Imported",
        "NotImported",
      ]);
      expect((await emu.control.state()).accounts.bob.profile).toEqual({
        Tag_Profile_IM_Nick: "Bob",
        Tag_Profile_IM_AllowType: "AllowType_Type_AllowAny",
      });
    } finally {
      await http.close();
      await emu.close();
    }
  });

  test("accounts: an invalid id or one over limits.maxAccounts stops the start with a message naming it", async () => {
    await expect(startEmulator({ accounts: ["ok", "x".repeat(33)] })).rejects.toThrow(/accounts.*"x{33}"/);
    await expect(startEmulator({ accounts: ["a", "b"], limits: { maxAccounts: 1 } })).rejects.toThrow(
      /could not create b/,
    );
  });

  test("close() closes the server: the control client can no longer reach it", async () => {
    const emu = await startEmulator();
    await emu.close();
    await expect(emu.control.info()).rejects.toThrow();
  });
});

describe("close(): the shutdown deadline (shutdownGraceMs)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ptc-shutdown-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** The accounts in the state file the emulator left on disk. */
  const accountsOnDisk = (file: string) =>
    Object.keys((JSON.parse(readFileSync(file, "utf8")) as { accounts: object }).accounts);

  test("a call in flight finishes within the grace period and is applied", async () => {
    const statePath = path.join(dir, "early.json");
    const emu = await startEmulator({ faults: { latencyMs: 300 }, shutdownGraceMs: 5000, statePath });
    const http = ChatHttp.for(emu);
    try {
      const call = http.call("im_open_login_svc/account_import", { UserID: "early" });
      while ((await emu.control.info()).inFlightCalls === 0) await new Promise((r) => setTimeout(r, 5));
      await emu.close();
      expect((await call).json).toMatchObject({ ActionStatus: "OK" });
      expect(accountsOnDisk(statePath)).toEqual(["early"]);
    } finally {
      await http.close();
    }
  });

  test("a call still running at the deadline is cut off unapplied, and close() returns soon after", async () => {
    const statePath = path.join(dir, "late.json");
    const emu = await startEmulator({ faults: { latencyMs: 60_000 }, shutdownGraceMs: 200, statePath });
    const http = ChatHttp.for(emu);
    try {
      const call = http.call("im_open_login_svc/account_import", { UserID: "late" });
      while ((await emu.control.info()).inFlightCalls === 0) await new Promise((r) => setTimeout(r, 5));
      const started = Date.now();
      await emu.close();
      expect(Date.now() - started).toBeLessThan(5000);
      await expect(call).rejects.toThrow();
      expect(accountsOnDisk(statePath)).toEqual([]);
    } finally {
      await http.close();
    }
  });
});
