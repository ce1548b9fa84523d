import { Limits, isCustomKeyword, PROFILE_CUSTOM_PREFIX, SNS_CUSTOM_PREFIX } from "../provider/commands";
import { systemClock, type Clock } from "../provider/clock";
import type { FaultSettings } from "./faults";
import type { SeedAccount } from "./state-types";
import { isValidUserId } from "./store/rules";

/** How the emulator is started. Every option is optional; its default is documented next to it. */
export interface EmulatorOptions {
  /** TCP port; default 0 (any free port). The CLI defaults to 5050. */
  port?: number;
  /** Interface to bind; default "127.0.0.1". */
  host?: string;
  /** The one app served; default 1400000000. */
  sdkAppId?: number;
  /** App admins allowed to call the REST API; default ["administrator"] (docs/rest-api.md#url-and-query-parameters). */
  adminIdentifiers?: string[];
  /** The app's secret key, verifying UserSigs; default "emulator-local-secret" (a local, non-secret default). */
  secretKey?: string;
  /**
   * Persist state to this file and reload it on start; default: in memory only. Every acknowledged change is first
   * appended to `<file>.log` and fsynced; the log is folded into the file from time to time and on close.
   */
  statePath?: string;
  /**
   * With `statePath`: fold the state log into the state file once the log is larger than this and larger than the
   * file; default 8 MiB.
   */
  compactLogAfterBytes?: number;
  /** Accounts to create at start (ids, or ids with a nick and AllowType); default none. */
  accounts?: Array<string | SeedAccount>;
  /**
   * How long `close()` (and SIGTERM/SIGINT in the CLI) lets in-flight calls finish before every connection is closed
   * and calls still running are dropped unapplied; default 5000 ms.
   */
  shutdownGraceMs?: number;
  /** Where warnings and emulator errors are written, one line each; default `process.stderr`. */
  stderr?: { write(text: string): unknown };
  /**
   * Calls per second per command, for every command; default each command's descriptor `rateLimit`
   * (docs/rest-api.md#call-rates).
   */
  rateLimitPerSecond?: number;
  /**
   * Configured `Tag_SNS_Custom_*` keywords (letters, at most 8 bytes); default ["Test"], the field of the documented
   * samples.
   * A keyword written `Name:integer` accepts integer values instead of strings
   * (docs/data-model.md#custom-friend-fields).
   */
  customSnsTags?: string[];
  /**
   * Configured `Tag_Profile_Custom_*` keywords; default ["Test"]. Profile custom fields are strings
   * (docs/data-model.md#custom-profile-fields).
   */
  customProfileTags?: string[];
  /** Fault injection at start; change it later with `PUT /_emulator/faults`. Default: no faults. */
  faults?: FaultSettings;
  /** Overlapping writes to one user's chain answer 30008 (docs/concurrency.md#write-conflicts-30008); default true. */
  conflictDetection?: boolean;
  /** Data-model limits (docs/data-model.md#per-user-limits); each defaults to the real service's value. */
  limits?: Partial<EmulatorLimits>;
  /**
   * account_delete is allowed only on Trial/Free plans; false makes it answer 71000 (docs/rest-api.md#account_delete).
   * Default true.
   */
  accountDeletion?: boolean;
  /**
   * Standard profile tags never set, in friend_get_list and portrait_get: "omit" leaves them out, as the documented
   * friend_get_list sample does with Tag_Profile_IM_Image; "empty" returns `""` or `0`, as one observed answer did
   * (docs/rest-api.md#friend_get_list). Gender, AllowType and AdminForbidType have documented defaults and are always
   * returned. Default "omit".
   */
  unsetProfileTags?: "empty" | "omit";
  /** Source of time for UserSig expiry, AddTime and the rate limiter; default the system clock. */
  clock?: Clock;
  /** Entries kept in the call log, oldest dropped first; default 10000. */
  callLogLimit?: number;
}

export interface EmulatorLimits {
  /** Friends per user; default 3000 (30010 own, 30014 peer). */
  friendsPerUser: number;
  /** Friend lists per user; default 32 (30011). */
  groupsPerUser: number;
  /** Blocklist entries per user; default 1000 (30013). */
  blocklistPerUser: number;
  /** Pending friend requests per user; default 100 (30012). */
  pendingPerUser: number;
  /** Accounts per app; default unlimited. The free plan's 100 answers 70398 when set (docs/data-model.md#userids). */
  maxAccounts: number | undefined;
  /** Friends per friend_get page; default 100 (docs/rest-api.md#friend_get, our choice). */
  friendGetPageSize: number;
  /**
   * Largest accepted /v4 request body in bytes; a larger one answers 60002 and the connection is closed without
   * reading the rest. Default 1 MiB (1048576).
   */
  maxBodyBytes: number;
  /** Largest accepted control-route body in bytes, else HTTP 413; default 64 MiB (a large state to load). */
  maxControlBodyBytes: number;
}

/** A custom tag as configured: its full name and its value type. */
export interface CustomTagConfig {
  tag: string;
  type: "string" | "integer";
}

/** The options with every default applied and every value checked. */
export interface EmulatorConfig {
  port: number;
  host: string;
  sdkAppId: number;
  adminIdentifiers: string[];
  secretKey: string;
  statePath: string | undefined;
  compactLogAfterBytes: number;
  accounts: Array<string | SeedAccount>;
  shutdownGraceMs: number;
  stderr: { write(text: string): unknown };
  rateLimitPerSecond: number | undefined;
  customSnsTags: Map<string, CustomTagConfig>;
  customProfileTags: Map<string, CustomTagConfig>;
  faults: FaultSettings;
  conflictDetection: boolean;
  limits: EmulatorLimits;
  accountDeletion: boolean;
  unsetProfileTags: "empty" | "omit";
  clock: Clock;
  callLogLimit: number;
}

export const EMULATOR_DEFAULTS = {
  sdkAppId: 1400000000,
  adminIdentifier: "administrator",
  secretKey: "emulator-local-secret",
  host: "127.0.0.1",
  cliPort: 5050,
  maxBodyBytes: Limits.requestBodyMaxBytes,
  maxControlBodyBytes: 64 * 1024 * 1024,
} as const;

/** Applies defaults and checks every option; throws a TypeError that names the option, the rule and the value. */
export function resolveEmulatorConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail("port", "an integer from 0 to 65535", port);
  const sdkAppId = options.sdkAppId ?? EMULATOR_DEFAULTS.sdkAppId;
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) fail("sdkAppId", "a positive integer", sdkAppId);
  const adminIdentifiers = options.adminIdentifiers ?? [EMULATOR_DEFAULTS.adminIdentifier];
  if (
    !Array.isArray(adminIdentifiers) ||
    adminIdentifiers.length === 0 ||
    !adminIdentifiers.every((a) => typeof a === "string" && a !== "")
  ) {
    fail("adminIdentifiers", "a non-empty array of non-empty strings", adminIdentifiers);
  }
  const secretKey = options.secretKey ?? EMULATOR_DEFAULTS.secretKey;
  // Never echo the key itself.
  if (typeof secretKey !== "string" || secretKey === "") fail("secretKey", "a non-empty string", "(redacted)");
  const rate = options.rateLimitPerSecond;
  if (rate !== undefined && !(Number.isInteger(rate) && rate > 0))
    fail("rateLimitPerSecond", "a positive integer", rate);
  const limits: EmulatorLimits = {
    friendsPerUser: Limits.friendsPerUser,
    groupsPerUser: Limits.groupsPerUser,
    blocklistPerUser: Limits.blocklistPerUser,
    pendingPerUser: Limits.pendingPerUser,
    maxAccounts: undefined,
    friendGetPageSize: 100,
    maxBodyBytes: EMULATOR_DEFAULTS.maxBodyBytes,
    maxControlBodyBytes: EMULATOR_DEFAULTS.maxControlBodyBytes,
    // A limit given as undefined keeps its default.
    ...Object.fromEntries(Object.entries(options.limits ?? {}).filter(([, v]) => v !== undefined)),
  };
  for (const [name, value] of Object.entries(limits)) {
    if (value === undefined && name === "maxAccounts") continue;
    if (!(Number.isInteger(value) && (value as number) > 0)) fail(`limits.${name}`, "a positive integer", value);
  }
  const accounts = options.accounts ?? [];
  if (!Array.isArray(accounts)) fail("accounts", "an array of UserIDs or {userId, nick?, allowType?}", accounts);
  for (const account of accounts) {
    const id = typeof account === "string" ? account : (account as SeedAccount | null)?.userId;
    if (!isValidUserId(id))
      fail("accounts", "UserIDs of 1 to 32 bytes of printable ASCII (docs/data-model.md#userids)", account);
  }
  const compactLogAfterBytes = options.compactLogAfterBytes ?? 8 * 1024 * 1024;
  if (!(Number.isInteger(compactLogAfterBytes) && compactLogAfterBytes > 0))
    fail("compactLogAfterBytes", "a positive integer", compactLogAfterBytes);
  const shutdownGraceMs = options.shutdownGraceMs ?? 5000;
  if (!(Number.isFinite(shutdownGraceMs) && shutdownGraceMs >= 0))
    fail("shutdownGraceMs", "a number of milliseconds >= 0", shutdownGraceMs);
  const unsetProfileTags = options.unsetProfileTags ?? "omit";
  if (unsetProfileTags !== "empty" && unsetProfileTags !== "omit")
    fail("unsetProfileTags", `"empty" or "omit"`, unsetProfileTags);
  const callLogLimit = options.callLogLimit ?? 10000;
  if (!(Number.isInteger(callLogLimit) && callLogLimit >= 0)) fail("callLogLimit", "an integer >= 0", callLogLimit);
  return {
    port,
    host: options.host ?? EMULATOR_DEFAULTS.host,
    sdkAppId,
    adminIdentifiers: [...adminIdentifiers],
    secretKey,
    statePath: options.statePath,
    compactLogAfterBytes,
    accounts: [...accounts],
    shutdownGraceMs,
    stderr: options.stderr ?? process.stderr,
    rateLimitPerSecond: rate,
    customSnsTags: customTags("customSnsTags", SNS_CUSTOM_PREFIX, options.customSnsTags ?? ["Test"], true),
    customProfileTags: customTags(
      "customProfileTags",
      PROFILE_CUSTOM_PREFIX,
      options.customProfileTags ?? ["Test"],
      false,
    ),
    faults: options.faults ?? {},
    conflictDetection: options.conflictDetection ?? true,
    limits,
    accountDeletion: options.accountDeletion ?? true,
    unsetProfileTags,
    clock: options.clock ?? systemClock(),
    callLogLimit,
  };
}

function customTags(
  option: string,
  prefix: string,
  entries: string[],
  integersAllowed: boolean,
): Map<string, CustomTagConfig> {
  if (!Array.isArray(entries)) fail(option, "an array of keywords", entries);
  const tags = new Map<string, CustomTagConfig>();
  for (const entry of entries) {
    // The full tag name is accepted too: "Tag_SNS_Custom_Test" is the keyword "Test".
    const text = typeof entry === "string" && entry.startsWith(prefix) ? entry.slice(prefix.length) : entry;
    const match = typeof text === "string" ? /^([^:]*)(?::(string|integer))?$/.exec(text) : null;
    const keyword = match?.[1] ?? "";
    const type = (match?.[2] ?? "string") as "string" | "integer";
    if (!match || !isCustomKeyword(keyword)) {
      fail(
        option,
        "keywords of letters only, at most 8 bytes, optionally suffixed `:string` or `:integer` (docs/data-model.md#custom-friend-fields)",
        entry,
      );
    }
    if (type === "integer" && !integersAllowed)
      fail(
        option,
        "string fields only: custom profile fields cannot be integers (docs/data-model.md#custom-profile-fields)",
        entry,
      );
    tags.set(prefix + keyword, { tag: prefix + keyword, type });
  }
  return tags;
}

function fail(option: string, expected: string, given: unknown): never {
  throw new TypeError(`emulator option ${option}: expected ${expected}, got ${JSON.stringify(given)}`);
}
