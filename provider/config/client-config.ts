import { inspect } from "node:util";
import { ConfigError } from "../errors";
import { type Secret, secret } from "./secret";
import { isLoopbackHost } from "../loopback";

/**
 * Client configuration: what users set (`ClientSettings`, all optional and loosely typed, as it arrives from stack
 * config or the environment) and what the client runs on (`ClientConfig`, validated, defaults applied).
 */

/** Tencent Cloud Chat data centres and their REST domains (docs/rest-api.md#regions). */
export const Regions = {
  china: { name: "China", domain: "console.tim.qq.com" },
  singapore: { name: "Singapore", domain: "adminapisgp.im.qcloud.com" },
  seoul: { name: "Seoul", domain: "adminapikr.im.qcloud.com" },
  tokyo: { name: "Tokyo", domain: "adminapijpn.im.qcloud.com" },
  frankfurt: { name: "Frankfurt", domain: "adminapiger.im.qcloud.com" },
  mumbai: { name: "Mumbai", domain: "adminapiind.im.qcloud.com" },
  "silicon-valley": { name: "Silicon Valley", domain: "adminapiusa.im.qcloud.com" },
  jakarta: { name: "Jakarta", domain: "adminapiidn.im.qcloud.com" },
} as const;

export type RegionId = keyof typeof Regions;

/** Other spellings users reach for: the domains' own region codes and the country of Mumbai. */
const regionAliases: Readonly<Record<string, RegionId>> = {
  sgp: "singapore",
  kr: "seoul",
  korea: "seoul",
  jpn: "tokyo",
  japan: "tokyo",
  ger: "frankfurt",
  germany: "frankfurt",
  ind: "mumbai",
  india: "mumbai",
  usa: "silicon-valley",
  idn: "jakarta",
  indonesia: "jakarta",
};

/** Defaults of every numeric option, in one place so the README and the code cannot drift apart. */
export const ClientDefaults = {
  adminIdentifier: "administrator",
  /** The backend gives up after 3 s; clients should wait longer, e.g. 10 s (docs/rest-api.md#body). */
  requestTimeoutMs: 10_000,
  /** Requests sent, counting the first, before giving up on a transient failure. */
  maxAttempts: 5,
  /** Total time spent retrying one call (or one batch chunk) before giving up. */
  maxRetryTimeMs: 30_000,
  /** First backoff step; doubles per attempt (docs/concurrency.md#what-the-client-and-emulator-do: 100 ms × 2^n). */
  retryBaseDelayMs: 100,
  /** No single backoff wait is longer than this. */
  retryMaxDelayMs: 5_000,
  /** Requests in flight at once per client. */
  maxConcurrency: 16,
} as const;

export interface ClientSettings {
  /** The app's SDKAppID, a positive integer (a numeric string is accepted). Required. */
  sdkAppId?: number | string;
  /**
   * An App admin account; the UserSig is made for it (docs/rest-api.md#url-and-query-parameters). Default
   * `administrator`.
   */
  adminIdentifier?: string;
  /** The app's secret key from the console. Required. Never printed. */
  secretKey?: string;
  /**
   * A data centre: china, singapore, seoul, tokyo, frankfurt, mumbai, silicon-valley, jakarta. Set this or `endpoint`.
   */
  region?: string;
  /**
   * An explicit base URL such as `https://console.tim.qq.com` or the emulator's `http://127.0.0.1:5050`. Set this or
   * `region`.
   */
  endpoint?: string;
  /**
   * Calls per second per command for this client. Default: each command's documented limit
   * (docs/rest-api.md#call-rates: 200/s, 100/s for multiaccount_import, account_check, account_delete).
   */
  rateLimitPerSecond?: number;
  /** Requests sent per call, counting the first, before giving up on a transient failure. Default 5. */
  maxAttempts?: number;
  /** Total time in ms spent retrying one call before giving up. Default 30000. */
  maxRetryTimeMs?: number;
  /** Timeout in ms of one HTTP request (connect, headers and body). Default 10000 (docs/rest-api.md#body). */
  requestTimeoutMs?: number;
  /** Requests in flight at once. Default 16. */
  maxConcurrency?: number;
  /** First backoff step in ms, doubled per attempt, full jitter. Default 100. */
  retryBaseDelayMs?: number;
  /** Cap in ms on one backoff wait. Default 5000. */
  retryMaxDelayMs?: number;
}

/** The validated configuration a `ChatClient` runs on. Prints without its secret key. */
export interface ClientConfig {
  readonly sdkAppId: number;
  readonly adminIdentifier: string;
  readonly secretKey: Secret;
  /** Base URL without a trailing slash; request paths are appended to it. */
  readonly endpoint: string;
  /** Set when the endpoint came from a region. */
  readonly region?: RegionId;
  /** Calls per second per command; undefined means each command's own limit. */
  readonly rateLimitPerSecond?: number;
  readonly maxAttempts: number;
  readonly maxRetryTimeMs: number;
  readonly requestTimeoutMs: number;
  readonly maxConcurrency: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
}

/** Resolve a region name to its id: `Silicon Valley`, `silicon_valley` and `usa` all mean `silicon-valley`. */
export function regionId(input: string): RegionId | undefined {
  const normalized = input
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
  if (normalized in Regions) return normalized as RegionId;
  return regionAliases[normalized];
}

/** A configuration error naming the setting, the rule, and (never for secrets) what was given. */
function configError(setting: string, rule: string, given?: string): ConfigError {
  return new ConfigError(setting, `${setting}: ${rule}${given === undefined ? "" : `, got ${given}`}`);
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function integerSetting(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw configError(name, `expected an integer from ${min} to ${max}`, describe(value));
  }
  return value;
}

function resolveSdkAppId(value: unknown): number {
  if (value === undefined || value === "") {
    throw configError(
      "sdkAppId",
      "is required (the app's SDKAppID from the Chat console, e.g. 1400000000; env TENCENT_CHAT_SDKAPPID)",
    );
  }
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n <= 0) {
    throw configError("sdkAppId", "expected a positive integer such as 1400000000", describe(value));
  }
  return n;
}

function resolveAdmin(value: unknown): string {
  if (value === undefined) return ClientDefaults.adminIdentifier;
  // The client keeps to the UserID alphabet every Tencent library accepts (docs/data-model.md#userids).
  if (typeof value !== "string" || !/^[A-Za-z0-9_-]{1,32}$/.test(value)) {
    throw configError("adminIdentifier", "expected 1 to 32 characters of letters, digits, '_' or '-'", describe(value));
  }
  return value;
}

function resolveSecretKey(value: unknown): Secret {
  // The value itself is never echoed, only what is wrong with it.
  if (value === undefined || value === "") {
    throw configError(
      "secretKey",
      "is required (the app's secret key from the Chat console; env TENCENT_CHAT_SECRET_KEY)",
    );
  }
  if (typeof value !== "string") throw configError("secretKey", "expected a string", `a ${typeof value}`);
  if (value.trim() !== value)
    throw configError("secretKey", "must not start or end with whitespace (a copy-paste slip?)");
  return secret(value);
}

function resolveEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError("endpoint", "expected an absolute URL such as https://console.tim.qq.com", describe(value));
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw configError("endpoint", "expected an https:// URL", describe(value));
  }
  // Plain http would send the UserSig in clear text; only acceptable when it never leaves the machine.
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw configError(
      "endpoint",
      "plain http:// is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost); use https://",
      describe(value),
    );
  }
  if (url.username || url.password) throw configError("endpoint", "must not contain credentials");
  if (url.search || url.hash) {
    throw configError(
      "endpoint",
      "must not contain a query or fragment (the client adds the query itself)",
      describe(value),
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * Validate settings and apply defaults. Throws `ConfigError` (code `CONFIG_INVALID`, `setting` naming the setting)
 * whose message names the setting and the rule it broke (and, except for the secret key, the value given).
 */
export function resolveClientConfig(settings: ClientSettings): ClientConfig {
  const sdkAppId = resolveSdkAppId(settings.sdkAppId);
  const adminIdentifier = resolveAdmin(settings.adminIdentifier);
  const secretKey = resolveSecretKey(settings.secretKey);

  const hasRegion = settings.region !== undefined && settings.region !== "";
  const hasEndpoint = settings.endpoint !== undefined && settings.endpoint !== "";
  if (hasRegion && hasEndpoint) throw configError("region/endpoint", "set either region or endpoint, not both");
  let endpoint: string;
  let region: RegionId | undefined;
  if (hasEndpoint) {
    endpoint = resolveEndpoint(String(settings.endpoint));
  } else if (hasRegion) {
    region = typeof settings.region === "string" ? regionId(settings.region) : undefined;
    if (!region) {
      throw configError("region", `expected one of ${Object.keys(Regions).join(", ")}`, describe(settings.region));
    }
    endpoint = `https://${Regions[region].domain}`;
  } else {
    throw configError(
      "region/endpoint",
      "one is required: a region such as singapore, or an endpoint URL (env TENCENT_CHAT_REGION or TENCENT_CHAT_ENDPOINT)",
    );
  }

  let rateLimitPerSecond: number | undefined;
  if (settings.rateLimitPerSecond !== undefined) {
    const r = settings.rateLimitPerSecond;
    if (typeof r !== "number" || !Number.isFinite(r) || r <= 0 || r > 100_000) {
      throw configError(
        "rateLimitPerSecond",
        "expected a number of calls per second above 0 and at most 100000",
        describe(r),
      );
    }
    rateLimitPerSecond = r;
  }

  const config: ClientConfig = {
    sdkAppId,
    adminIdentifier,
    secretKey,
    endpoint,
    region,
    rateLimitPerSecond,
    maxAttempts: integerSetting("maxAttempts", settings.maxAttempts, ClientDefaults.maxAttempts, 1, 20),
    maxRetryTimeMs: integerSetting(
      "maxRetryTimeMs",
      settings.maxRetryTimeMs,
      ClientDefaults.maxRetryTimeMs,
      0,
      600_000,
    ),
    requestTimeoutMs: integerSetting(
      "requestTimeoutMs",
      settings.requestTimeoutMs,
      ClientDefaults.requestTimeoutMs,
      1,
      600_000,
    ),
    maxConcurrency: integerSetting("maxConcurrency", settings.maxConcurrency, ClientDefaults.maxConcurrency, 1, 1024),
    retryBaseDelayMs: integerSetting(
      "retryBaseDelayMs",
      settings.retryBaseDelayMs,
      ClientDefaults.retryBaseDelayMs,
      0,
      60_000,
    ),
    retryMaxDelayMs: integerSetting(
      "retryMaxDelayMs",
      settings.retryMaxDelayMs,
      ClientDefaults.retryMaxDelayMs,
      0,
      600_000,
    ),
  };
  const printable = () => `ClientConfig(${endpoint}, sdkAppId ${sdkAppId}, admin ${adminIdentifier})`;
  Object.defineProperty(config, "toString", { value: printable, enumerable: false });
  Object.defineProperty(config, inspect.custom, { value: printable, enumerable: false });
  return Object.freeze(config);
}
