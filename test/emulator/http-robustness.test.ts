import { RawConnection } from "../helpers/raw-http";
import { startHarness, type Harness } from "../helpers/harness";

/**
 * What the emulator does with requests a well-behaved client never sends: bodies it will not read, bodies over the
 * cap, clients that vanish mid-body, control calls from web pages, and a bind address others can reach.
 */

const ONE_MIB = 1024 * 1024;
const checkPath = "/v4/im_open_login_svc/account_check";

let h: Harness;
let stderr: string;
beforeEach(async () => {
  stderr = "";
  h = await startHarness({ stderr: { write: (text: string) => (stderr += text) } });
  await h.control.seedAccounts(["alice"]);
});
afterEach(() => h.close());

/** The request head of a POST, with the query the harness's client would send (or none). */
function head(path: string, headers: Record<string, string | number>, signed = true, method = "POST"): string {
  const url = signed ? h.http.url(path).slice(h.emulator.url.length) : path;
  const lines = Object.entries({ Host: "127.0.0.1", ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `${method} ${url} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

async function open(): Promise<RawConnection> {
  return RawConnection.open(h.emulator.url);
}

describe("the request line and query decide before the body is read (docs/rest-api.md#body)", () => {
  test("an unsigned POST announcing 10 MB is answered (60004) without a byte of its body, and closed", async () => {
    const conn = await open();
    await conn.write(head(`${checkPath}?sdkappid=1400000000`, { "Content-Length": 10_000_000 }, false));
    const res = await conn.response();
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60004 });
    expect(res.headers.connection).toBe("close");
    await conn.closed;
  });

  test("a non-POST (60002) and an unknown path (60009) are answered without their bodies", async () => {
    for (const [path, method, code] of [
      [checkPath, "PUT", 60002],
      ["/v4/sns/friend_teleport", "POST", 60009],
    ] as const) {
      const conn = await open();
      await conn.write(head(path, { "Content-Length": 5_000_000 }, true, method));
      expect(JSON.parse((await conn.response()).body)).toMatchObject({ ErrorCode: code });
      await conn.closed;
    }
  });

  test("a signed request whose Content-Length is over 1 MiB: 60002 before any of it is sent, connection closed", async () => {
    const conn = await open();
    await conn.write(head(checkPath, { "Content-Length": ONE_MIB + 1 }));
    const res = await conn.response();
    expect(JSON.parse(res.body)).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60002 });
    expect(JSON.parse(res.body).ErrorInfo).toContain(String(ONE_MIB));
    await conn.closed;
  });

  test("a chunked body that grows past 1 MiB is cut off at the cap: 60002, connection closed", async () => {
    const conn = await open();
    await conn.write(head(checkPath, { "Transfer-Encoding": "chunked" }));
    const chunk = Buffer.alloc(64 * 1024, " ");
    // Keep sending until the emulator answers; it must not wait for the end of an endless body.
    for (let sent = 0; sent < 4 * ONE_MIB && !/\r\n\r\n/.test(conn.received); sent += chunk.length) {
      if (
        !(await conn.write(
          Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]),
        ))
      )
        break;
    }
    expect(JSON.parse((await conn.response()).body)).toMatchObject({ ErrorCode: 60002 });
    await conn.closed;
  });

  test("a body of exactly 1 MiB is read and answered; the connection stays open for the next call", async () => {
    const json = JSON.stringify({ CheckItem: [{ UserID: "alice" }] });
    const body = json + " ".repeat(ONE_MIB - json.length);
    const conn = await open();
    await conn.write(head(checkPath, { "Content-Length": body.length }) + body);
    expect(JSON.parse((await conn.response()).body)).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
    expect(conn.isOpen).toBe(true);
    conn.destroy();
  });

  test("limits.maxBodyBytes moves the cap", async () => {
    const small = await startHarness({ limits: { maxBodyBytes: 64 } });
    try {
      await small.control.seedAccounts(["alice"]);
      expect((await small.http.call(checkPath, { CheckItem: [{ UserID: "alice" }] })).json.ErrorCode).toBe(0);
      const big = await small.http.call(checkPath, { CheckItem: Array.from({ length: 20 }, () => ({ UserID: "a" })) });
      expect(big.json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60002 });
    } finally {
      await small.close();
    }
  });
});

describe("a client that disconnects in the middle of its body", () => {
  test("is not an internal error: nothing on stderr, the call is not applied, the emulator keeps serving", async () => {
    const body = JSON.stringify({ UserID: "half" });
    for (let i = 0; i < 3; i++) {
      const conn = await open();
      await conn.write(
        head("/v4/im_open_login_svc/account_import", { "Content-Length": body.length }) + body.slice(0, 5),
      );
      // Give the emulator time to start reading, then vanish.
      await new Promise((r) => setTimeout(r, 50));
      conn.destroy();
    }
    await new Promise((r) => setTimeout(r, 100));
    expect((await h.http.call(checkPath, { CheckItem: [{ UserID: "half" }] })).json.ResultItem[0].AccountStatus).toBe(
      "NotImported",
    );
    expect(stderr).toBe("");
  });
});

describe("control routes refuse what a web page could send (no cross-site reset)", () => {
  const aliceExists = async () => Object.keys((await h.control.state()).accounts).includes("alice");

  test("a text/plain POST to /_emulator/reset is 415 with a JSON error, and nothing is reset", async () => {
    const res = await fetch(`${h.emulator.url}/_emulator/reset`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "{}",
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ error: expect.stringContaining("application/json") });
    expect(await aliceExists()).toBe(true);
  });

  test("a POST, PUT or DELETE without any Content-Type is 415 too (a no-cors fetch sends none)", async () => {
    for (const [method, route] of [
      ["POST", "reset"],
      ["PUT", "faults"],
      ["DELETE", "calls"],
    ]) {
      expect((await fetch(`${h.emulator.url}/_emulator/${route}`, { method })).status).toBe(415);
    }
    expect(await aliceExists()).toBe(true);
  });

  test("an Origin that is not loopback is 403, even for reads, even with a JSON body", async () => {
    for (const origin of ["http://evil.example", "https://127.0.0.1", "null", "http://127.0.0.1.evil.example"]) {
      const post = await fetch(`${h.emulator.url}/_emulator/reset`, {
        method: "POST",
        headers: { Origin: origin, "Content-Type": "application/json" },
      });
      expect(post.status).toBe(403);
      expect(await post.json()).toEqual({ error: expect.stringContaining(origin) });
      expect((await fetch(`${h.emulator.url}/_emulator/state`, { headers: { Origin: origin } })).status).toBe(403);
    }
    expect(await aliceExists()).toBe(true);
  });

  test("loopback origins (127.0.0.1, localhost, [::1], any port) and JSON with a charset are accepted", async () => {
    for (const origin of ["http://127.0.0.1:5050", "http://localhost:3000", "http://[::1]:8080", "http://localhost"]) {
      const res = await fetch(`${h.emulator.url}/_emulator/faults`, {
        method: "PUT",
        headers: { Origin: origin, "Content-Type": "application/json; charset=utf-8" },
        body: JSON.stringify({ latencyMs: 1 }),
      });
      expect(res.status).toBe(200);
    }
  });
});

describe("control route bodies", () => {
  test("a body over limits.maxControlBodyBytes is 413 with a JSON error, and the state is kept", async () => {
    const small = await startHarness({ limits: { maxControlBodyBytes: 1024 } });
    try {
      await small.control.seedAccounts(["alice"]);
      const res = await small.control.raw("PUT", "state", { padding: "x".repeat(2048) });
      expect(res).toEqual({ status: 413, json: { error: expect.stringContaining("1024") } });
      expect(Object.keys((await small.control.state()).accounts)).toEqual(["alice"]);
    } finally {
      await small.close();
    }
  });
});

describe("requests addressed to another host (DNS rebinding: a page of another site, same-origin to the browser)", () => {
  test("on loopback, a Host that is not loopback is 403 for control routes and the REST API alike, and nothing changes", async () => {
    for (const host of ["evil.example", "evil.example:8080", "127.0.0.1.evil.example", "10.0.0.5"]) {
      for (const [path, method, signed] of [
        ["/_emulator/state", "GET", false],
        ["/_emulator/reset", "POST", false],
        [checkPath, "POST", true],
      ] as const) {
        const conn = await open();
        const body = "{}";
        await conn.write(
          head(
            path,
            { Host: host, "Content-Type": "application/json", "Content-Length": body.length },
            signed,
            method,
          ) + body,
        );
        const res = await conn.response();
        expect([host, path, res.status]).toEqual([host, path, 403]);
        expect(JSON.parse(res.body)).toEqual({ error: expect.stringContaining(`Host ${host} is refused`) });
        conn.destroy();
      }
    }
    expect(Object.keys((await h.control.state()).accounts)).toEqual(["alice"]);
  });

  test("loopback names with any port and in any case are answered", async () => {
    for (const host of ["127.0.0.1", "127.0.0.1:9", "LOCALHOST:8080", "[::1]:80", "127.1.2.3"]) {
      const conn = await open();
      await conn.write(head("/_emulator/info", { Host: host }, false, "GET"));
      expect([host, (await conn.response()).status]).toEqual([host, 200]);
      conn.destroy();
    }
  });

  test("bound to another interface (a CI service container), any Host is answered", async () => {
    const shared = await startHarness({ host: "0.0.0.0", stderr: { write: () => undefined } });
    try {
      const conn = await RawConnection.open(shared.emulator.url);
      await conn.write(head("/_emulator/info", { Host: "chat-emulator:8080" }, false, "GET"));
      expect((await conn.response()).status).toBe(200);
      conn.destroy();
    } finally {
      await shared.close();
    }
  });
});

describe("bind address", () => {
  test("binding to a non-loopback address prints exactly one warning line; loopback prints nothing", async () => {
    let text = "";
    const open = await startHarness({ host: "0.0.0.0", stderr: { write: (t: string) => (text += t) } });
    try {
      expect(text.split("\n")).toEqual([expect.stringMatching(/warning.*0\.0\.0\.0.*control routes/i), ""]);
      expect((await open.control.info()).accounts).toBe(0);
    } finally {
      await open.close();
    }
    expect(stderr).toBe("");
  });
});
