import { Agent, type Dispatcher } from "undici";

/**
 * HTTP for the client: POST a JSON body, read the answer as text. The only module that imports undici.
 *
 * - One keep-alive `Agent`, which keeps a connection pool per origin (docs/rest-api.md#body asks for keep-alive or
 *   pooling), created on first use.
 * - One timeout per request covering connect, headers and body (default 10 s, docs/rest-api.md#body); undici's own
 *   connect, headers and body timeouts are set to the same figure.
 * - Answers are read up to `maxResponseBytes`; a larger one is refused without being buffered whole.
 * - Failures are returned as data, never thrown, with a guess at whether the request left this machine (`sent`),
 *   which decides whether a write that is not retry-safe may be sent again (classify.ts).
 */

export type { Dispatcher };

export interface TransportOptions {
  requestTimeoutMs: number;
  /** Connections per origin. */
  maxConnections: number;
  /** Use this dispatcher instead of creating an Agent (tests: undici's MockAgent). It is not closed by `close()`. */
  dispatcher?: Dispatcher;
  /** Largest answer read; a larger one fails as "too-large". */
  maxResponseBytes: number;
}

export type TransportResult =
  | { ok: true; status: number; text: string }
  | {
      ok: false;
      kind: "connection" | "timeout";
      /** False only when the request certainly never reached the server (refused, DNS failure, connect timeout). */
      sent: boolean;
      /** undici's or the system's error code, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`. */
      errorCode?: string;
      message: string;
    }
  | { ok: false; kind: "too-large"; sent: true; message: string };

/** System and undici codes that mean no byte of the request reached a server. */
const notSentCodes: readonly string[] = [
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_DESTROYED",
  "UND_ERR_CLOSED",
];

function errorCodeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Transport {
  private agent: Dispatcher | undefined;
  private closed: boolean;
  private readonly options: TransportOptions;

  constructor(options: TransportOptions) {
    this.options = options;
    this.agent = undefined;
    this.closed = false;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private dispatcher(): Dispatcher {
    if (this.options.dispatcher) return this.options.dispatcher;
    if (!this.agent) {
      const timeout = this.options.requestTimeoutMs;
      this.agent = new Agent({
        connections: this.options.maxConnections,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        connect: { timeout },
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    }
    return this.agent;
  }

  /** POST `body` (JSON text) to `url`. Never throws; the URL is not echoed in any result. */
  async post(url: URL, body: string): Promise<TransportResult> {
    if (this.closed)
      return {
        ok: false,
        kind: "connection",
        sent: false,
        errorCode: "UND_ERR_CLOSED",
        message: "the client is closed",
      };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.requestTimeoutMs);
    try {
      const response = await this.dispatcher().request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", accept: "application/json" },
        body,
        signal: controller.signal,
        headersTimeout: this.options.requestTimeoutMs,
        bodyTimeout: this.options.requestTimeoutMs,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > this.options.maxResponseBytes) {
          response.body.destroy();
          const limit = this.options.maxResponseBytes;
          return { ok: false, kind: "too-large", sent: true, message: `the answer is larger than ${limit} bytes` };
        }
        chunks.push(chunk as Buffer);
      }
      return { ok: true, status: response.statusCode, text: Buffer.concat(chunks).toString("utf8") };
    } catch (error) {
      const errorCode = errorCodeOf(error);
      const sent = !(errorCode && notSentCodes.includes(errorCode));
      if (timedOut || errorCode === "UND_ERR_HEADERS_TIMEOUT" || errorCode === "UND_ERR_BODY_TIMEOUT") {
        return {
          ok: false,
          kind: "timeout",
          sent: true,
          errorCode,
          message: `no answer within ${this.options.requestTimeoutMs} ms`,
        };
      }
      if (errorCode === "UND_ERR_CONNECT_TIMEOUT") {
        return {
          ok: false,
          kind: "timeout",
          sent: false,
          errorCode,
          message: `could not connect within ${this.options.requestTimeoutMs} ms`,
        };
      }
      return { ok: false, kind: "connection", sent, errorCode, message: messageOf(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Close pooled connections; requests after this fail with `UND_ERR_CLOSED`. */
  async close(): Promise<void> {
    this.closed = true;
    const agent = this.agent;
    this.agent = undefined;
    if (agent) await agent.close();
  }
}
