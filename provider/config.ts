import { type ClientConfig, type ClientSettings, resolveClientConfig } from "./client/config";
import { ChatClientError } from "./client/errors";
import { EnvVars, readEnvSettings } from "./env";

/**
 * The provider's configuration: the stack config the engine hands to `configure(req)` (namespaced, secrets already
 * decrypted), with the environment as a fallback (read only through ./env). Credentials flow one way: stack config →
 * this module → a validated ClientConfig whose secret key prints as [REDACTED].
 */

/** Stack config keys (`pulumi config set tencent-chat:sdkAppId 1400000000`). */
export const ConfigKeys = {
  sdkAppId: "tencent-chat:sdkAppId",
  adminIdentifier: "tencent-chat:adminIdentifier",
  /** Set it with `pulumi config set --secret tencent-chat:secretKey …`. */
  secretKey: "tencent-chat:secretKey",
  region: "tencent-chat:region",
  endpoint: "tencent-chat:endpoint",
} as const;

/** What the dynamic-provider host passes as `req.config` (its Config class: `get` takes the full `ns:key`). */
export interface StackConfig {
  get(key: string): unknown;
}

type SettingName = keyof typeof ConfigKeys;

function stackValue(config: StackConfig | undefined, name: SettingName): string | undefined {
  const value = config?.get(ConfigKeys[name]);
  if (value === undefined || value === null || value === "") return undefined;
  // The engine sends config as strings; a structured value would be a mistake the validator should name.
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Stack config wins over the environment, key by key. `region` and `endpoint` are one choice: when the stack sets
 * either, the environment's region and endpoint are ignored (otherwise a stack region plus an env endpoint would
 * conflict for no reason the user can see).
 */
export function providerSettings(
  config: StackConfig | undefined,
  env: ClientSettings = readEnvSettings(),
): ClientSettings {
  const fromStack: ClientSettings = {};
  for (const name of Object.keys(ConfigKeys) as SettingName[]) {
    const value = stackValue(config, name);
    if (value !== undefined) fromStack[name] = value;
  }
  const base: ClientSettings = { ...env };
  if (fromStack.region !== undefined || fromStack.endpoint !== undefined) {
    delete base.region;
    delete base.endpoint;
  }
  return { ...base, ...fromStack };
}

/** Where each setting can come from, for messages. */
function sources(setting: string): string {
  const names = setting.split("/").filter((n): n is SettingName => n in ConfigKeys);
  if (names.length === 0) return "";
  const parts = names.map((n) => `stack config ${ConfigKeys[n]} or env ${EnvVars[n]}`);
  return ` (set ${parts.join("; or ")})`;
}

/** A configuration error of the provider, with code CONFIG_INVALID like the client's. */
export class ProviderConfigError extends Error {
  readonly code: "CONFIG_INVALID";

  constructor(message: string) {
    super(message);
    // Assigned explicitly: serialized into `__provider`, `super(message)` sets nothing (see batching/errors.ts).
    this.message = message;
    this.name = "ProviderConfigError";
    this.code = "CONFIG_INVALID";
  }
}

const PREFIX = "tencent-chat provider configuration:";

/**
 * Validate the provider's configuration. Throws ProviderConfigError (code CONFIG_INVALID) naming the stack config key
 * and the environment variable to set; the secret key's value never appears in a message.
 *
 * Missing settings are named here; the rules for present values are the client's (resolveClientConfig), whose
 * message starts with the setting's name.
 */
export function resolveProviderConfig(config: StackConfig | undefined, env?: ClientSettings): ClientConfig {
  const settings = providerSettings(config, env);
  const missing: string[] = (["sdkAppId", "secretKey"] as const).filter((name) => settings[name] === undefined);
  if (settings.region === undefined && settings.endpoint === undefined) missing.push("region/endpoint");
  if (missing.length > 0) {
    throw new ProviderConfigError(
      `${PREFIX} ${missing.map((name) => `${name}: is required${sources(name)}`).join("; ")}`,
    );
  }
  try {
    return resolveClientConfig(settings);
  } catch (error) {
    if (error instanceof ChatClientError && error.code === "CONFIG_INVALID") {
      const message = typeof error.message === "string" ? error.message : "";
      const setting = message.split(":")[0];
      const detail = message || `one of the settings is invalid${sources(Object.keys(ConfigKeys).join("/"))}`;
      throw new ProviderConfigError(`${PREFIX} ${detail}${message ? sources(setting) : ""}`);
    }
    throw error;
  }
}
