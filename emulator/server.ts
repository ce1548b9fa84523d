import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isLoopbackHost, namesLoopback } from "../provider/loopback";
import type { Socket } from "node:net";
import { authenticate } from "./auth";
import { CallLog, type CallLogEntry } from "./call-log";
import {
  CONTROL_PREFIX,
  controlRequestProblem,
  handleControl,
  type ControlContext,
  type ControlResponse,
} from "./control";
import { ServiceError, errorBody, infoWithDetail, successBody, type ItemOutcome, type ResponseBody } from "./errors";
import { FaultInjector, type CallFaults } from "./faults";
import { closeIfBodyUnread, readBody, type BodyRead } from "./http-body";
import type { EmulatorConfig } from "./options";
import { DurableState } from "./persistence";
import { RateLimiter } from "./rate-limit";
import { buildRoutes, type Route } from "./routes";
import { EmulatorStore } from "./store";
import { WriteLocks } from "./write-locks";

/** What a /v4 call will do once its latency has passed: answer an error, or run its command. */
type Prepared =
  | { kind: "error"; error: ServiceError; fault?: CallLogEntry["outcome"]["fault"] }
  | { kind: "run"; route: Route; request: unknown; release: (() => void) | undefined };

const BAD_GATEWAY_HTML =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

/**
 * The HTTP server (node:http, no framework). A /v4 call goes: gateway faults (502, drop) → method (60002) → path
 * (60009) → credentials → call rate (60007), all before the body is read (docs/error-codes.md#authentication-failures)
 * → body size (60002) → JSON (60003) → account field types (60015) → shape and batch cap → injected errors → write
 * lock (30008) → latency → the store → the state log → response. Control routes live under /_emulator/.
 */
export class EmulatorServer {
  readonly store: EmulatorStore;
  private readonly server: Server;
  private readonly routes = buildRoutes();
  private readonly faults: FaultInjector;
  private readonly calls: CallLog;
  private readonly rateLimiter: RateLimiter;
  private readonly locks = new WriteLocks();
  /** The state file and its log, when `statePath` is set. */
  private readonly durable: DurableState | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private apiCallsInFlight = 0;
  private readonly control: ControlContext;
  private closing: Promise<void> | undefined;
  /** Aborted when the shutdown grace period is over: waits end, and calls still running give up unapplied. */
  private readonly shutdown = new AbortController();
  /** Bound to a loopback address: requests must name loopback in Host, and no bind warning is printed. */
  private readonly onLoopback: boolean;

  constructor(private readonly config: EmulatorConfig) {
    this.onLoopback = isLoopbackHost(config.host);
    this.store = new EmulatorStore(config);
    this.faults = new FaultInjector(config.faults);
    this.calls = new CallLog(config.callLogLimit);
    this.rateLimiter = new RateLimiter(config.clock);
    const saved = config.statePath ? DurableState.load(config.statePath) : undefined;
    if (saved !== undefined) {
      try {
        this.store.restore(saved);
      } catch (error) {
        throw new Error(`emulator state file ${config.statePath}: ${(error as Error).message}`, { cause: error });
      }
    }
    const refused = this.store.seedAccounts(config.accounts);
    if (refused.length > 0)
      throw new Error(`emulator option accounts: could not create ${refused.join(", ")} (over limits.maxAccounts)`);
    // Everything so far goes into the snapshot written by open().
    this.store.takeChanges();
    if (config.statePath) {
      try {
        this.durable = DurableState.open(config.statePath, () => this.store.snapshot(), config.compactLogAfterBytes);
      } catch (error) {
        throw new Error(`emulator state file ${config.statePath}: ${(error as Error).message}`, { cause: error });
      }
    }
    this.control = {
      config,
      store: this.store,
      faults: this.faults,
      calls: this.calls,
      rateLimiter: this.rateLimiter,
      initialFaults: config.faults,
      inFlightCalls: () => this.apiCallsInFlight,
    };
    this.server = createServer({ keepAlive: true }, (req, res) => this.track(this.handle(req, res, false), res));
    // `Expect: 100-continue` (curl sends it for large bodies): the client waits until the checks want its body.
    this.server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) =>
      this.track(this.handle(req, res, true), res),
    );
    this.server.on("clientError", (error: Error, socket: Socket) => this.onClientError(error, socket));
  }

  listen(): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.config.port, this.config.host, () => {
        this.server.off("error", reject);
        const address = this.server.address();
        if (address === null || typeof address === "string") {
          reject(new Error(`emulator: unexpected listen address ${String(address)}`));
          return;
        }
        // Nothing authenticates the control routes: say so once when other machines can reach them.
        if (!this.onLoopback) {
          this.config.stderr.write(
            `emulator: warning: listening on ${this.config.host}, reachable from other machines; the control routes (${CONTROL_PREFIX}) have no authentication\n`,
          );
        }
        resolve({ host: this.config.host, port: address.port });
      });
    });
  }

  /**
   * Stops accepting connections, gives in-flight calls `shutdownGraceMs` to finish, then closes every connection
   * (a client sending its body slowly cannot hold the process) and writes the state file.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeIdleConnections();
      const drainedInTime = new AbortController();
      let finished = false;
      const drained = (async () => {
        while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
        finished = true;
        drainedInTime.abort();
      })();
      await delay(this.config.shutdownGraceMs, drainedInTime.signal);
      if (!finished) this.shutdown.abort();
      this.server.closeAllConnections();
      await closed;
      // Calls cut off by the deadline end at their next step without touching the state.
      await drained;
      await this.durable?.close();
    })();
    return this.closing;
  }

  private track(call: Promise<void>, res: ServerResponse): void {
    const tracked = call.catch((error: unknown) => {
      // An emulator bug, not a service behaviour: say so plainly.
      this.config.stderr.write(`emulator: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: "emulator internal error; see its stderr" });
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    // While closing, no connection is kept for another call.
    if (this.closing) res.setHeader("Connection", "close");
    const host = req.headers.host;
    if (host !== undefined && this.onLoopback && !namesLoopback(host, "host")) {
      // A page of another site that rebinds its DNS name to 127.0.0.1 is same-origin to the browser, so Origin
      // checks miss it; its requests still name that site in Host.
      closeIfBodyUnread(req, res);
      sendJson(res, 403, {
        error: `Host ${host} is refused: an emulator listening on loopback answers only requests addressed to 127.0.0.1, localhost or [::1]`,
      });
      return;
    }
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      await this.handleControl(req, res, url, expectsContinue);
      return;
    }
    this.apiCallsInFlight++;
    try {
      await this.handleApi(req, res, url, expectsContinue);
    } finally {
      this.apiCallsInFlight--;
    }
  }

  private async handleControl(req: IncomingMessage, res: ServerResponse, url: URL, expectsContinue: boolean) {
    const method = req.method ?? "GET";
    const refused = controlRequestProblem(method, req.headers);
    if (refused) {
      closeIfBodyUnread(req, res);
      sendJson(res, refused.status, refused.body);
      return;
    }
    const read = await readBody(req, res, this.config.limits.maxControlBodyBytes, expectsContinue);
    if (read.kind === "aborted") return;
    if (read.kind === "tooLarge") {
      closeIfBodyUnread(req, res);
      sendJson(res, 413, {
        error: `the body is larger than limits.maxControlBodyBytes (${this.config.limits.maxControlBodyBytes} bytes)`,
      });
      return;
    }
    let body: unknown;
    if (read.raw.length > 0) {
      try {
        body = JSON.parse(read.raw.toString("utf8"));
      } catch {
        sendJson(res, 400, { error: "the body is not valid JSON" });
        return;
      }
    }
    let response: ControlResponse;
    let durable: Promise<void> | undefined;
    try {
      response = handleControl(this.control, method, url, body);
    } finally {
      durable = this.commitChanges();
    }
    if (!(await this.persisted(durable, res))) return;
    sendJson(res, response.status, response.body);
  }

  /**
   * Hands what the last store call changed to the state log; call it in the same synchronous step as the store call,
   * so the log sees changes in the order they were made. Also a barrier for reads (emulator/persistence.ts).
   */
  private commitChanges(): Promise<void> | undefined {
    const change = this.store.takeChanges();
    return this.durable?.commit(change);
  }

  /** Waits until the change is on disk; on a write error answers 500 and returns false. */
  private async persisted(durable: Promise<void> | undefined, res: ServerResponse): Promise<boolean> {
    try {
      await durable;
      return true;
    } catch (error) {
      this.config.stderr.write(`emulator: could not write the state log: ${(error as Error).message}\n`);
      if (!res.headersSent && !res.destroyed)
        sendJson(res, 500, { error: `the change could not be made durable: ${(error as Error).message}` });
      return false;
    }
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, url: URL, expectsContinue: boolean) {
    const arrivedAt = this.config.clock.now();
    const method = req.method ?? "GET";
    const route = this.routes.get(url.pathname.replace(/^\/+/, ""));
    const descriptor = route?.descriptor;
    const faults = this.faults.decide(descriptor?.command, descriptor?.family, descriptor?.writes ?? false);
    let json: Record<string, unknown> | undefined;
    const log = (outcome: CallLogEntry["outcome"]) =>
      this.calls.add({
        at: arrivedAt,
        command: descriptor?.command ?? url.pathname,
        fromAccount: typeof json?.From_Account === "string" ? json.From_Account : null,
        itemCount:
          descriptor?.batch && Array.isArray(json?.[descriptor.batch.field])
            ? (json[descriptor.batch.field] as unknown[]).length
            : 0,
        body: json ?? null,
        outcome,
      });
    const maxBytes = this.config.limits.maxBodyBytes;

    // Gateway faults come first: a proxy answers or drops before the service sees the call. The body is read (up to
    // the cap) only for the call log.
    if (faults.http502 || faults.drop) {
      const read = await readBody(req, res, maxBytes, expectsContinue);
      if (read.kind === "ok") json = parseJson(read.raw);
      await delay(faults.latencyMs, this.shutdown.signal);
      if (faults.drop || read.kind === "aborted" || this.shutdown.signal.aborted) {
        req.socket.destroy();
        log({ httpStatus: null, errorCode: null, failedItems: [], fault: "drop" });
      } else {
        closeIfBodyUnread(req, res);
        res.writeHead(502, { "Content-Type": "text/html", "Content-Length": Buffer.byteLength(BAD_GATEWAY_HTML) });
        res.end(BAD_GATEWAY_HTML);
        log({ httpStatus: 502, errorCode: null, failedItems: [], fault: "http502" });
      }
      return;
    }

    // Method, path, credentials and call rate come from the request line and query: a call refused on them is
    // answered without reading its body (docs/rest-api.md#body).
    let prepared = this.checkRequestLine(method, url, route);
    let read: BodyRead | undefined;
    if (!prepared) {
      read = await readBody(req, res, maxBytes, expectsContinue);
      // The client went away mid-body: nothing to answer, nothing applied.
      if (read.kind === "aborted") return;
      if (read.kind === "ok") json = parseJson(read.raw);
      prepared = this.prepare(route as Route, read, json, faults);
    }
    // Writes hold their lock through the latency, so overlapping writes meet
    // (docs/concurrency.md#write-conflicts-30008).
    await delay(faults.latencyMs, this.shutdown.signal);
    if (this.shutdown.signal.aborted) {
      // Past the shutdown deadline: the connection is gone; apply nothing.
      if (prepared.kind === "run") prepared.release?.();
      return;
    }

    let body: ResponseBody;
    let fault = prepared.kind === "error" ? prepared.fault : undefined;
    if (prepared.kind === "error") {
      body = errorBody(prepared.error, descriptor?.family);
    } else {
      const run = prepared;
      const itemFaults = (toAccount: string): ItemOutcome | undefined => {
        const outcome = this.faults.itemFault(
          run.route.descriptor.command,
          toAccount,
          (code) => new ServiceError(code).info,
        );
        if (outcome) fault = "itemError";
        return outcome;
      };
      try {
        const { family, command } = run.route.descriptor;
        body = successBody(run.route.run(this.store, run.request, itemFaults), family, command);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        body = errorBody(error, run.route.descriptor.family);
      } finally {
        run.release?.();
      }
    }
    // Acknowledged means durable: the answer waits until the change is in the state log
    // (emulator/README.md#state-file).
    if (!(await this.persisted(this.commitChanges(), res))) return;

    const errorCode = body.ErrorCode as number;
    if (faults.dropAfterApply && prepared.kind === "run") {
      req.socket.destroy();
      log({ httpStatus: null, errorCode: null, failedItems: [], fault: "dropAfterApply" });
      return;
    }
    closeIfBodyUnread(req, res);
    sendJson(res, 200, body);
    log({ httpStatus: 200, errorCode, failedItems: failedItems(body), ...(fault ? { fault } : {}) });
  }

  /**
   * The checks that need only the request line and query, in the order of
   * docs/error-codes.md#authentication-failures: method (60002), path (60009), credentials, then the call rate
   * (60007). Undefined when the call may go on.
   */
  private checkRequestLine(method: string, url: URL, route: Route | undefined): Prepared | undefined {
    try {
      // Every call is a POST (docs/rest-api.md#url-and-query-parameters); the observed answer to anything else is
      // 60002.
      if (method !== "POST")
        throw new ServiceError(60002, infoWithDetail(60002, `${method} is not supported; every REST call is a POST`));
      if (!route) throw new ServiceError(60009, infoWithDetail(60009, `no command at ${url.pathname}`));
      authenticate(url.searchParams, this.config);
      const limit = this.config.rateLimitPerSecond ?? route.descriptor.rateLimit;
      if (!this.rateLimiter.tryAcquire(route.descriptor.command, limit)) {
        throw new ServiceError(
          60007,
          infoWithDetail(60007, `${route.descriptor.command} is limited to ${limit} calls per second`),
        );
      }
      return undefined;
    } catch (error) {
      if (error instanceof ServiceError) return { kind: "error", error };
      throw error;
    }
  }

  /** Everything decided once the body is read: its size, JSON, shape and batch cap, injected faults, write lock. */
  private prepare(
    route: Route,
    read: Exclude<BodyRead, { kind: "aborted" }>,
    json: Record<string, unknown> | undefined,
    faults: CallFaults,
  ): Prepared {
    try {
      const descriptor = route.descriptor;
      if (read.kind === "tooLarge") {
        throw new ServiceError(
          60002,
          infoWithDetail(60002, `the body is larger than ${this.config.limits.maxBodyBytes} bytes`),
        );
      }
      // The body must be a JSON object, never empty (docs/rest-api.md#body); anything else is 60003.
      if (json === undefined)
        throw new ServiceError(
          60003,
          infoWithDetail(60003, read.raw.length === 0 ? "the body is empty" : "the body is not a JSON object"),
        );
      const request = route.parse(json);
      if (faults.errorCode !== undefined)
        return { kind: "error", error: new ServiceError(faults.errorCode), fault: "error" };
      if (!descriptor.writes) return { kind: "run", route, request, release: undefined };
      if (faults.conflict) return { kind: "error", error: new ServiceError(30008), fault: "conflict" };
      if (!this.config.conflictDetection) return { kind: "run", route, request, release: undefined };
      const touched = route.touches(this.store, request);
      const release = this.locks.tryAcquire(touched);
      if (!release) {
        throw new ServiceError(
          30008,
          infoWithDetail(
            30008,
            "another write to the same user's relationship chain is still in flight; serialize writes per user or batch them",
          ),
        );
      }
      return { kind: "run", route, request, release };
    } catch (error) {
      if (error instanceof ServiceError) return { kind: "error", error };
      throw error;
    }
  }

  /** Malformed HTTP: the observed gateway answer is 60002 "HTTP parse Error" (docs/rest-api.md#http-status). */
  private onClientError(error: Error & { code?: string }, socket: Socket): void {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify({ ActionStatus: "FAIL", ErrorCode: 60002, ErrorInfo: "HTTP parse Error" });
    socket.end(
      `HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
}

function parseJson(raw: Buffer): Record<string, unknown> | undefined {
  if (raw.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(raw.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function failedItems(body: ResponseBody): string[] {
  const listed = body.Fail_Account ?? body.FailAccounts;
  if (Array.isArray(listed)) return listed.map(String);
  const items = body.ResultItem;
  if (!Array.isArray(items)) return [];
  return items
    .filter((i: Record<string, unknown>) => typeof i.ResultCode === "number" && i.ResultCode !== 0)
    .map((i: Record<string, unknown>) => String(i.To_Account ?? i.UserID));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });
}
