import { deflateSync } from "node:zlib";
import { createHmac } from "node:crypto";
import { connect, type Socket } from "node:net";
import { Api } from "tls-sig-api-v2";
import { Agent, request } from "undici";
import type { RunningEmulator } from "../../emulator";

/**
 * Raw HTTP to the emulator, the way the real service is called (docs/rest-api.md#requests): POST
 * /v4/<service>/<command> with the
 * query parameters and a JSON body. No client code in between, so emulator tests do not depend on the client.
 */

export interface Credentials {
  sdkAppId: number;
  identifier: string;
  secretKey: string;
}

export interface RawResponse {
  status: number;
  contentType: string | undefined;
  text: string;
  /**
   * The parsed body, or undefined when it is not JSON. Typed `any` on purpose: tests walk arbitrary response shapes
   * and `expect` checks them.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface CallOptions {
  /** Override or remove (null) query parameters: sdkappid, identifier, usersig, random, contenttype. */
  query?: Record<string, string | null>;
  method?: string;
  /** Send this text instead of JSON.stringify(body). */
  rawBody?: string;
}

/** A UserSig from the official Node signer (tls-sig-api-v2), valid for `expireSeconds` from now. */
export function officialUserSig(creds: Credentials, expireSeconds = 86400): string {
  return new Api(creds.sdkAppId, creds.secretKey).genUserSig(creds.identifier, expireSeconds);
}

/**
 * A UserSig built by hand (docs/usersig.md#generating), for what the official Node signer cannot make: a chosen issue
 * time, another
 * zlib level, Go's trailing newline, numbers written as strings.
 */
export function handMadeUserSig(
  creds: Credentials,
  opts: {
    time: number;
    expire: number;
    level?: number;
    trailingNewline?: boolean;
    numbersAsStrings?: boolean;
    sigOverride?: string;
  },
): string {
  const text = `TLS.identifier:${creds.identifier}\nTLS.sdkappid:${creds.sdkAppId}\nTLS.time:${opts.time}\nTLS.expire:${opts.expire}\n`;
  const sig = opts.sigOverride ?? createHmac("sha256", creds.secretKey).update(text).digest("base64");
  const num = (n: number) => (opts.numbersAsStrings ? String(n) : n);
  const doc = {
    "TLS.ver": "2.0",
    "TLS.identifier": creds.identifier,
    "TLS.sdkappid": num(creds.sdkAppId),
    "TLS.time": num(opts.time),
    "TLS.expire": num(opts.expire),
    "TLS.sig": sig,
  };
  const json = JSON.stringify(doc) + (opts.trailingNewline ? "\n" : "");
  return base64UserSig(deflateSync(Buffer.from(json), { level: opts.level ?? -1 }));
}

/** The UserSig base64 variant: `+` → `*`, `/` → `-`, `=` → `_` (docs/usersig.md#generating). */
export function base64UserSig(bytes: Buffer): string {
  return bytes.toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
}

/** Calls one emulator as its admin; each instance has its own connection pool, closed by `close()`. */
export class ChatHttp {
  readonly creds: Credentials;
  private readonly agent = new Agent({ keepAliveTimeout: 1000 });
  private cachedSig: string | undefined;

  constructor(
    readonly baseUrl: string,
    creds: Partial<Credentials> = {},
  ) {
    this.creds = { sdkAppId: 1400000000, identifier: "administrator", secretKey: "emulator-local-secret", ...creds };
  }

  static for(emulator: RunningEmulator, creds: Partial<Credentials> = {}): ChatHttp {
    const s = emulator.clientSettings();
    return new ChatHttp(emulator.url, {
      sdkAppId: s.sdkAppId,
      identifier: s.adminIdentifier,
      secretKey: s.secretKey,
      ...creds,
    });
  }

  userSig(): string {
    this.cachedSig ??= officialUserSig(this.creds);
    return this.cachedSig;
  }

  url(path: string, query: Record<string, string | null> = {}): string {
    const params: Record<string, string | null> = {
      sdkappid: String(this.creds.sdkAppId),
      identifier: this.creds.identifier,
      usersig: this.userSig(),
      random: String(Math.floor(Math.random() * 4294967295)),
      contenttype: "json",
      ...query,
    };
    const search = Object.entries(params)
      .filter((e): e is [string, string] => e[1] !== null)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join("&");
    const p = path.startsWith("/") ? path : `/v4/${path}`;
    return `${this.baseUrl}${p}?${search}`;
  }

  /** POST `v4/<path>` (e.g. `sns/friend_update`) with `body` as JSON. */
  async call(path: string, body: unknown = {}, options: CallOptions = {}): Promise<RawResponse> {
    const res = await request(this.url(path, options.query), {
      method: (options.method ?? "POST") as "POST",
      body:
        options.method === "GET" || options.method === "HEAD" ? undefined : (options.rawBody ?? JSON.stringify(body)),
      dispatcher: this.agent,
    });
    const text = await res.body.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const ct = res.headers["content-type"];
    return { status: res.statusCode, contentType: Array.isArray(ct) ? ct[0] : ct, text, json };
  }

  /** `call` that insists on HTTP 200 and ActionStatus OK, returning the body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async ok(path: string, body: unknown): Promise<any> {
    const res = await this.call(path, body);
    if (res.status !== 200 || res.json?.ActionStatus !== "OK") {
      throw new Error(`${path} did not succeed: HTTP ${res.status} ${res.text}`);
    }
    return res.json;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/**
 * One TCP connection to an emulator, for what an HTTP client library hides: a request head without its body, a body
 * sent slowly or cut off, and whether the server closed the connection.
 */
export class RawConnection {
  received = "";
  /** Resolves when the server closes the connection (or it fails). */
  readonly closed: Promise<void>;
  private isClosed = false;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (d: Buffer) => (this.received += d.toString("latin1")));
    socket.on("error", () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on("close", () => {
        this.isClosed = true;
        resolve();
      }),
    );
  }

  static open(baseUrl: string): Promise<RawConnection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname.replace(/^\[|\]$/g, ""), port: Number(port) }, () =>
        resolve(new RawConnection(socket)),
      );
      socket.once("error", reject);
    });
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Writes and waits for the socket to take the data; false once the connection is gone. */
  write(data: string | Buffer): Promise<boolean> {
    if (this.isClosed || this.socket.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const flushed = this.socket.write(data, (error) => {
        if (error) resolve(false);
      });
      if (flushed) resolve(true);
      else {
        const done = (ok: boolean) => {
          this.socket.off("drain", onDrain);
          this.socket.off("close", onClose);
          resolve(ok);
        };
        const onDrain = () => done(true);
        const onClose = () => done(false);
        this.socket.once("drain", onDrain);
        this.socket.once("close", onClose);
      }
    });
  }

  /** Waits until the received text matches, or throws after `timeoutMs` with what was received. */
  async waitFor(pattern: RegExp, timeoutMs = 5000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.received);
      if (match) return match;
      if (Date.now() > deadline)
        throw new Error(`no ${pattern} within ${timeoutMs} ms; received ${JSON.stringify(this.received)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** The first complete response received: status, headers (lower-case names) and body. */
  async response(timeoutMs = 5000): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const [, status, head] = await this.waitFor(/^HTTP\/1\.1 (\d+)[^\r]*\r\n([\s\S]*?)\r\n\r\n/, timeoutMs);
    const headers = Object.fromEntries(
      head.split("\r\n").map((line) => {
        const i = line.indexOf(":");
        return [line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()];
      }),
    );
    const start = this.received.indexOf("\r\n\r\n") + 4;
    const length = Number(headers["content-length"]);
    await this.waitFor(new RegExp(`^[\\s\\S]{${start + length}}`), timeoutMs);
    return { status: Number(status), headers, body: this.received.slice(start, start + length) };
  }

  destroy(): void {
    this.socket.destroy();
  }
}
