import { EventEmitter } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { parseEmulatorArgs, runEmulatorCli } from "../../emulator/cli";
import { ChatHttp } from "../helpers/raw-http";

/** `tencent-chat emulator`: options, environment, the ready line, signals and usage errors. */

/** Runs the CLI in this process with captured output and a signal source the test controls. */
function run(argv: string[], env: Record<string, string | undefined> = {}) {
  const out = { stdout: "", stderr: "" };
  const signals = new EventEmitter();
  const exit = runEmulatorCli(argv, env, {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
    signals,
  });
  const ready = async () => {
    for (let i = 0; i < 500; i++) {
      const match = /^listening on (http:\/\/\S+)\n$/.exec(out.stdout);
      if (match) return match[1];
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ready line; stdout ${JSON.stringify(out.stdout)}, stderr ${JSON.stringify(out.stderr)}`);
  };
  return { out, signals, exit, ready };
}

describe("running", () => {
  test("creates --account and --accounts, serves the app from the environment, exits 0 on SIGTERM", async () => {
    const cli = run(["--port", "0", "--account", "alice", "--account=bob", "--accounts", "carol, dave"], {
      TENCENT_CHAT_SDKAPPID: "1400123456",
      TENCENT_CHAT_ADMIN: "ops, administrator",
      TENCENT_CHAT_SECRET_KEY: "from-the-environment",
    });
    const url = await cli.ready();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const http = new ChatHttp(url, { sdkAppId: 1400123456, identifier: "ops", secretKey: "from-the-environment" });
    try {
      const check = await http.ok("im_open_login_svc/account_check", {
        CheckItem: ["alice", "bob", "carol", "dave", "erin"].map((UserID) => ({ UserID })),
      });
      expect(check.ResultItem.map((i: { AccountStatus: string }) => i.AccountStatus)).toEqual([
        "Imported",
        "Imported",
        "Imported",
        "Imported",
        "NotImported",
      ]);
    } finally {
      await http.close();
    }
    cli.signals.emit("SIGTERM");
    expect(await cli.exit).toBe(0);
    // Exactly the ready line, nothing else.
    expect(cli.out.stdout).toBe(`listening on ${url}\n`);
    expect(cli.out.stderr).toBe("");
  });

  test("SIGINT stops it too; --host to a non-loopback address warns once on stderr", async () => {
    const cli = run(["--port", "0", "--host", "0.0.0.0"]);
    await cli.ready();
    expect(cli.out.stderr).toMatch(/^emulator: warning: listening on 0\.0\.0\.0.*\n$/);
    cli.signals.emit("SIGINT");
    expect(await cli.exit).toBe(0);
  });

  test("a start that fails (port taken) exits 1 with one line", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const cli = run(["--port", String(port)]);
      expect(await cli.exit).toBe(1);
      expect(cli.out.stderr).toMatch(/^tencent-chat emulator: .*EADDRINUSE.*\n$/);
      expect(cli.out.stdout).toBe("");
    } finally {
      blocker.close();
    }
  });
});

describe("usage", () => {
  test.each([
    [["--verbose"], /unknown argument "--verbose"/],
    [["extra"], /unknown argument "extra"/],
    [["--port"], /--port needs a value/],
    [["--port", "http"], /--port: expected an integer from 0 to 65535, got "http"/],
    [["--port", "70000"], /--port: expected an integer from 0 to 65535, got "70000"/],
    [["--account", "x".repeat(33)], /--account: expected a UserID of 1 to 32 bytes of printable ASCII, got "x{33}"/],
    [["--accounts", "ok,caf\u00e9"], /--accounts: expected a UserID of 1 to 32 bytes of printable ASCII, got "café"/],
  ])("%j exits 2 with one line on stderr", async (argv, message) => {
    const cli = run(argv);
    expect(await cli.exit).toBe(2);
    expect(cli.out.stderr).toMatch(message);
    expect(cli.out.stderr.split("\n")).toHaveLength(2);
    expect(cli.out.stdout).toBe("");
  });

  test("a bad environment value exits 2 with one line", async () => {
    const cli = run([], { TENCENT_CHAT_SDKAPPID: "abc" });
    expect(await cli.exit).toBe(2);
    expect(cli.out.stderr).toMatch(
      /^tencent-chat emulator: TENCENT_CHAT_SDKAPPID: expected a positive integer, got "abc"/,
    );
    expect(cli.out.stderr.split("\n")).toHaveLength(2);
  });

  test("--help prints every option and variable with its default, exits 0", async () => {
    const cli = run(["--help"]);
    expect(await cli.exit).toBe(0);
    for (const text of [
      "--port N",
      "5050",
      "--host H",
      "127.0.0.1",
      "--state FILE",
      "--account ID",
      "--accounts",
      "TENCENT_CHAT_SDKAPPID",
      "1400000000",
      "TENCENT_CHAT_ADMIN",
      "administrator",
      "TENCENT_CHAT_SECRET_KEY",
    ])
      expect(cli.out.stdout).toContain(text);
    expect(cli.out.stderr).toBe("");
  });
});

describe("parseEmulatorArgs", () => {
  test("defaults: port 5050, nothing else set", () => {
    expect(parseEmulatorArgs([], {})).toEqual({ kind: "run", options: { port: 5050 } });
  });

  test("both `--flag value` and `--flag=value`; accounts in order, duplicates kept once", () => {
    expect(
      parseEmulatorArgs(
        ["--port=0", "--host", "0.0.0.0", "--state=/tmp/s.json", "--accounts", "a,b", "--account", "a", "--account=c"],
        {},
      ),
    ).toEqual({
      kind: "run",
      options: { port: 0, host: "0.0.0.0", statePath: "/tmp/s.json", accounts: ["a", "b", "c"] },
    });
  });

  test("TENCENT_CHAT_SDKAPPID, TENCENT_CHAT_ADMIN (comma-separated) and TENCENT_CHAT_SECRET_KEY; empty means unset", () => {
    expect(
      parseEmulatorArgs([], {
        TENCENT_CHAT_SDKAPPID: "1400123456",
        TENCENT_CHAT_ADMIN: "admin1, admin2",
        TENCENT_CHAT_SECRET_KEY: "k",
      }),
    ).toEqual({
      kind: "run",
      options: { port: 5050, sdkAppId: 1400123456, adminIdentifiers: ["admin1", "admin2"], secretKey: "k" },
    });
    expect(parseEmulatorArgs([], { TENCENT_CHAT_SDKAPPID: "", TENCENT_CHAT_SECRET_KEY: "" })).toEqual({
      kind: "run",
      options: { port: 5050 },
    });
  });
});

test("only emulator/main.ts reads process.env: everything else takes the environment as a parameter", () => {
  const dir = join(__dirname, "../../emulator");
  const files = (sub: string): string[] =>
    readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(sub, e.name)) : e.name.endsWith(".ts") ? [join(sub, e.name)] : [],
    );
  const code = (f: string) =>
    readFileSync(join(dir, f), "utf8")
      .split("\n")
      .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line));
  const readers = files(".").filter((f) => code(f).some((line) => /process\.env/.test(line)));
  expect(readers).toEqual(["main.ts"]);
});
