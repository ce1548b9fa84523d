import { namesLoopback } from "../provider/loopback";
import type { CallLog } from "./call-log";
import type { FaultInjector, FaultSettings } from "./faults";
import type { EmulatorConfig } from "./options";
import type { RateLimiter } from "./rate-limit";
import type { EmulatorStore, SeedAccount } from "./store";

/**
 * Control routes under `/_emulator/`, apart from the API paths (the Azurite/moto pattern): call log, state dump and
 * load, reset, faults, account seeding. Plain JSON with ordinary HTTP statuses, no auth: the emulator is local.
 */
export interface ControlContext {
  config: EmulatorConfig;
  store: EmulatorStore;
  faults: FaultInjector;
  calls: CallLog;
  rateLimiter: RateLimiter;
  /** The fault settings the emulator started with, restored by reset. */
  initialFaults: FaultSettings;
  /** /v4 calls received and not yet answered. */
  inFlightCalls(): number;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

export const CONTROL_PREFIX = "/_emulator/";

const MUTATING_METHODS = new Set(["POST", "PUT", "DELETE", "PATCH"]);

/**
 * The control routes have no authentication, so they refuse what a web page in a browser could send: a request
 * whose Origin is not loopback (403), and a mutating request that is not JSON (415; a cross-site form or a no-cors
 * fetch can only send text/plain, a form encoding, or no Content-Type). Checked before the body is read.
 */
export function controlRequestProblem(
  method: string,
  headers: { origin?: string; "content-type"?: string },
): ControlResponse | undefined {
  const origin = headers.origin;
  if (origin !== undefined && !namesLoopback(origin, "origin")) {
    return {
      status: 403,
      body: {
        error: `Origin ${origin} is refused: control routes answer only pages from http:// to 127.x.x.x, localhost or [::1]`,
      },
    };
  }
  const type = headers["content-type"]?.split(";")[0].trim().toLowerCase();
  if (MUTATING_METHODS.has(method) && type !== "application/json") {
    return {
      status: 415,
      body: {
        error: `${method} to a control route requires Content-Type: application/json, got ${headers["content-type"] === undefined ? "none" : JSON.stringify(headers["content-type"])}`,
      },
    };
  }
  return undefined;
}

export function handleControl(ctx: ControlContext, method: string, url: URL, body: unknown): ControlResponse {
  const route = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, "");
  const methods: Record<string, Record<string, () => ControlResponse>> = {
    calls: {
      GET: () => {
        const command = url.searchParams.get("command");
        const list = ctx.calls.list();
        return ok(command ? list.filter((c) => c.command === command) : list);
      },
      DELETE: () => {
        const cleared = ctx.calls.list().length;
        ctx.calls.clear();
        return ok({ cleared });
      },
    },
    state: {
      GET: () => ok(ctx.store.snapshot()),
      PUT: () => {
        ctx.store.restore(body);
        return ok({ accounts: ctx.store.accountCount });
      },
    },
    reset: {
      POST: () => {
        ctx.store.reset();
        ctx.calls.clear();
        ctx.rateLimiter.reset();
        ctx.faults.set(ctx.initialFaults);
        return ok({ reset: true });
      },
    },
    faults: {
      GET: () => ok(ctx.faults.current),
      PUT: () => {
        ctx.faults.set((body ?? {}) as FaultSettings);
        return ok(ctx.faults.current);
      },
    },
    accounts: {
      POST: () => {
        const list = Array.isArray(body) ? body : (body as { accounts?: unknown } | null)?.accounts;
        if (!Array.isArray(list))
          throw new TypeError(
            `expected {"accounts": [userId | {userId, nick?, allowType?}, ...]}, got ${JSON.stringify(body)}`,
          );
        const refused = ctx.store.seedAccounts(list as Array<string | SeedAccount>);
        return ok({ imported: list.length - refused.length, refused });
      },
    },
    info: {
      GET: () =>
        ok({
          sdkAppId: ctx.config.sdkAppId,
          adminIdentifiers: ctx.config.adminIdentifiers,
          customSnsTags: [...ctx.config.customSnsTags.values()],
          customProfileTags: [...ctx.config.customProfileTags.values()],
          limits: ctx.config.limits,
          rateLimitPerSecond: ctx.config.rateLimitPerSecond ?? "per command (descriptor rateLimit)",
          conflictDetection: ctx.config.conflictDetection,
          accountDeletion: ctx.config.accountDeletion,
          unsetProfileTags: ctx.config.unsetProfileTags,
          accounts: ctx.store.accountCount,
          inFlightCalls: ctx.inFlightCalls(),
        }),
    },
  };
  const handlers = Object.prototype.hasOwnProperty.call(methods, route) ? methods[route] : undefined;
  if (!handlers)
    return {
      status: 404,
      body: {
        error: `no control route ${url.pathname}; routes: ${Object.keys(methods)
          .map((r) => CONTROL_PREFIX + r)
          .join(", ")}`,
      },
    };
  const handler = Object.prototype.hasOwnProperty.call(handlers, method) ? handlers[method] : undefined;
  if (!handler)
    return {
      status: 405,
      body: { error: `${method} ${url.pathname} is not supported; use ${Object.keys(handlers).join(" or ")}` },
    };
  try {
    return handler();
  } catch (error) {
    if (error instanceof TypeError) return { status: 400, body: { error: error.message } };
    throw error;
  }
}

function ok(body: unknown): ControlResponse {
  return { status: 200, body };
}
