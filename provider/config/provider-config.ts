import { didYouMean } from "../checks/closest-name";
import { ConfigError } from "../errors";
import { type ClientConfig, type ClientSettings, resolveClientConfig } from "./client-config";
import { type Environment, readEnvSettings } from "./env";
import { CONFIG_NAMESPACE, ConfigKeys, type SettingName, Settings, settingSources } from "./settings";

/**
 * The provider's configuration: the stack config the engine hands to `configure(req)` (namespaced, secrets already
 * decrypted: docs/pulumi-host.md#secrets), with the environment as a fallback (read only through ./env). Credentials
 * flow one way: stack config → this module → a validated ClientConfig whose secret key prints as [REDACTED].
 */

/** What the dynamic-provider host passes as `req.config`: `get` takes the full `ns:key`; `rawConfig` holds them all. */
export interface StackConfig {
  get(key: string): unknown;
  readonly rawConfig?: Readonly<Record<string, unknown>>;
}

const settingNames = Object.keys(Settings) as SettingName[];
const PREFIX = "tencent-chat configuration:";
const knownKeys: readonly string[] = settingNames.map((name) => Settings[name].name);

/**
 * `tencent-chat:*` keys that are no setting, each with the closest known one: a typo such as
 * `tencent-chat:secretkey` would otherwise be ignored and the provider would fall back to something else.
 */
export function unknownSettingErrors(keys: Iterable<string>): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const key of keys) {
    if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
    const name = key.slice(CONFIG_NAMESPACE.length + 1);
    if (knownKeys.includes(name)) continue;
    const hint = didYouMean(name, knownKeys).replace(/"([^"]+)"/, `"${CONFIG_NAMESPACE}:$1"`);
    errors.push(new ConfigError(name, `${PREFIX} unknown stack config key ${key}${hint}`));
  }
  return errors;
}

function stackValue(config: StackConfig | undefined, name: SettingName): string | undefined {
  const value = config?.get(ConfigKeys[name]);
  if (value === undefined || value === null || value === "") return undefined;
  // The engine sends config as strings; a structured value is a mistake the validator should name.
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A numeric setting as stack config gives it (a string), converted so the client's rule can judge it. */
function numeric(text: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text;
}

/**
 * Stack config wins over the environment, key by key. `region` and `endpoint` are one choice: when the stack sets
 * either, the environment's region and endpoint are ignored (a stack region plus an environment endpoint would
 * otherwise conflict for no reason the user can see).
 */
export function providerSettings(config: StackConfig | undefined, env?: Environment): ClientSettings {
  const fromStack: Record<string, string | number> = {};
  for (const name of settingNames) {
    const value = stackValue(config, name);
    if (value !== undefined) fromStack[name] = Settings[name].kind === "string" ? value : numeric(value);
  }
  const base: ClientSettings = { ...readEnvSettings(env) };
  if (fromStack.region !== undefined || fromStack.endpoint !== undefined) {
    delete base.region;
    delete base.endpoint;
  }
  return { ...base, ...fromStack } as ClientSettings;
}

/**
 * Validates the provider's configuration. Throws ConfigError naming the stack config key and the environment
 * variable to set; the secret key's value never appears in a message.
 */
export function resolveProviderConfig(config: StackConfig | undefined, env?: Environment): ClientConfig {
  const unknown = unknownSettingErrors(Object.keys(config?.rawConfig ?? {}));
  if (unknown.length > 0) throw unknown[0];
  const settings = providerSettings(config, env);
  const missing: Array<[string, string]> = (["sdkAppId", "secretKey"] as const)
    .filter((name) => settings[name] === undefined)
    .map((name) => [name, `${name} is required (set ${settingSources(name)})`]);
  if (settings.region === undefined && settings.endpoint === undefined) {
    missing.push([
      "region/endpoint",
      `region or endpoint is required (set ${settingSources("region")}; or ${settingSources("endpoint")})`,
    ]);
  }
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map(([name]) => name).join(", "),
      `${PREFIX} ${missing.map(([, text]) => text).join("; ")}`,
    );
  }
  try {
    return resolveClientConfig(settings);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const name = settingNames.find((n) => n === error.setting);
    throw new ConfigError(error.setting, `${PREFIX} ${error.message}${name ? ` (set ${settingSources(name)})` : ""}`);
  }
}
