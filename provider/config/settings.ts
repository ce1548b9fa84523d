/**
 * Every provider setting: its stack config key, its environment variable, and what it is. One table, so the
 * validation, the unknown-key check, the docs and the `pulumi new` template cannot drift apart.
 */
export const CONFIG_NAMESPACE = "tencent-chat";

export interface SettingInfo {
  /** The stack config key without the namespace. */
  name: string;
  /** The environment variable used when the stack config leaves the setting out. */
  env?: string;
  kind: "string" | "integer" | "number";
  secret?: boolean;
  description: string;
}

export const Settings = {
  sdkAppId: {
    name: "sdkAppId",
    env: "TENCENT_CHAT_SDKAPPID",
    kind: "integer",
    description: "The app's SDKAppID from the Chat console. Required.",
  },
  adminIdentifier: {
    name: "adminIdentifier",
    env: "TENCENT_CHAT_ADMIN",
    kind: "string",
    description: "An App admin of the app; UserSigs are made for it. Default `administrator`.",
  },
  secretKey: {
    name: "secretKey",
    env: "TENCENT_CHAT_SECRET_KEY",
    kind: "string",
    secret: true,
    description: "The app's secret key. Required. Set it with `pulumi config set --secret`, or the environment.",
  },
  region: {
    name: "region",
    env: "TENCENT_CHAT_REGION",
    kind: "string",
    description: "The app's data centre: china, singapore, seoul, tokyo, frankfurt, mumbai, silicon-valley, jakarta.",
  },
  endpoint: {
    name: "endpoint",
    env: "TENCENT_CHAT_ENDPOINT",
    kind: "string",
    description: "A base URL instead of a region, e.g. the emulator's http://127.0.0.1:5050.",
  },
  rateLimitPerSecond: {
    name: "rateLimitPerSecond",
    kind: "number",
    description: "Calls per second per command. Default: each command's documented limit (200/s or 100/s).",
  },
  requestTimeoutMs: {
    name: "requestTimeoutMs",
    kind: "integer",
    description: "Timeout of one request. Default 10000.",
  },
  maxAttempts: {
    name: "maxAttempts",
    kind: "integer",
    description: "Requests per call, counting the first. Default 5.",
  },
  maxRetryTimeMs: {
    name: "maxRetryTimeMs",
    kind: "integer",
    description: "Time spent retrying one call. Default 30000.",
  },
  maxConcurrency: { name: "maxConcurrency", kind: "integer", description: "Requests in flight at once. Default 16." },
} as const satisfies Record<string, SettingInfo>;

export type SettingName = keyof typeof Settings;

/** The settings with their full stack config keys (`tencent-chat:sdkAppId`), as a program or a user writes them. */
export const ConfigKeys = Object.fromEntries(
  Object.entries(Settings).map(([name, info]) => [name, `${CONFIG_NAMESPACE}:${info.name}`]),
) as { readonly [K in SettingName]: `${typeof CONFIG_NAMESPACE}:${(typeof Settings)[K]["name"]}` };

/** The environment variables read as fallbacks, by setting. */
export const EnvVars = {
  sdkAppId: Settings.sdkAppId.env,
  adminIdentifier: Settings.adminIdentifier.env,
  secretKey: Settings.secretKey.env,
  region: Settings.region.env,
  endpoint: Settings.endpoint.env,
} as const;

/** Where a setting can be given, for messages: `stack config tencent-chat:sdkAppId or env TENCENT_CHAT_SDKAPPID`. */
export function settingSources(name: SettingName): string {
  const info: SettingInfo = Settings[name];
  return `stack config ${ConfigKeys[name]}${info.env ? ` or env ${info.env}` : ""}`;
}
