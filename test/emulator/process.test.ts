import { EmulatorControl } from "../../emulator";
import { ChatHttp, RawConnection } from "../helpers/raw-http";
import { EmulatorProcess } from "../helpers/emulator-process";

/** The emulator process under hostile clients and signals: memory, shutdown deadline, stderr. */

const MB = 1024 * 1024;
// A process start (ts-node) can take many seconds on a loaded CI machine.
jest.setTimeout(90_000);

let proc: EmulatorProcess | undefined;
afterEach(async () => {
  await proc?.stop();
  proc = undefined;
});

test("one unsigned 50 MB POST does not grow the process's peak memory by anything near 50 MB", async () => {
  proc = new EmulatorProcess(["--port", "0"]);
  const url = await proc.ready();
  const http = new ChatHttp(url);
  try {
    // Warm up the paths a call takes, then take the baseline.
    for (let i = 0; i < 20; i++) await http.call("im_open_login_svc/account_check", { CheckItem: [{ UserID: "a" }] });
    const before = proc.peakRssBytes();
    const conn = await RawConnection.open(url);
    const size = 50 * MB;
    await conn.write(
      `POST /v4/sns/friend_get?sdkappid=1400000000 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${size}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(MB, "x");
    for (let sent = 0; sent < size; sent += chunk.length) if (!(await conn.write(chunk))) break;
    const res = await conn.response(30_000);
    expect(JSON.parse(res.body)).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60004 });
    conn.destroy();
    // The emulator still serves, and kept no more than a fraction of the body at any moment.
    expect((await http.call("im_open_login_svc/account_check", { CheckItem: [{ UserID: "a" }] })).json.ErrorCode).toBe(
      0,
    );
    expect(proc.peakRssBytes() - before).toBeLessThan(20 * MB);
  } finally {
    await http.close();
  }
  expect(proc.stderr).toBe("");
});

test("SIGTERM with a client sending its body slowly: the process still exits 0 within 10 s", async () => {
  proc = new EmulatorProcess(["--port", "0"]);
  const url = await proc.ready();
  const http = new ChatHttp(url);
  const conn = await RawConnection.open(url);
  const body = JSON.stringify({ UserID: "slow" }).padEnd(1000, " ");
  await conn.write(
    `POST ${http.url("im_open_login_svc/account_import").slice(url.length)} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
  );
  // One byte every 200 ms: the body would take minutes to arrive.
  let sent = 10;
  const trickle = setInterval(() => void conn.write(body.slice(sent, ++sent)), 200);
  try {
    const control = new EmulatorControl(url);
    while ((await control.info()).inFlightCalls === 0) await new Promise((r) => setTimeout(r, 10));
    const signalled = Date.now();
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
  } finally {
    clearInterval(trickle);
    conn.destroy();
    await http.close();
  }
  await conn.closed;
  expect(proc.stderr).toBe("");
});

test("npm run emulator with a usage error exits 2 with one line on stderr and nothing on stdout", async () => {
  proc = new EmulatorProcess(["--port", "http"]);
  expect(await proc.exited).toEqual({ code: 2, signal: null });
  expect(proc.stderr).toMatch(
    /^tencent-chat emulator: --port: expected an integer from 0 to 65535, got "http" \(see --help\)\n$/,
  );
  expect(proc.stdout).toBe("");
});
