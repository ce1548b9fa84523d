import type { ClientSettings } from "./client-config";
import { EnvVars } from "./settings";

/**
 * The one module that reads the process environment. Environment variables are the documented fallback for
 * settings the stack config leaves out; they never override explicit settings.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The process environment, for the few callers that must pass it on (the CLI, child processes). */
export function processEnvironment(): Environment {
  return process.env;
}

/**
 * The client settings found in `env`. Unset or empty variables are left out, so the result can be spread under
 * explicit settings. Values are passed on as given; validation names the setting when one is wrong.
 */
export function readEnvSettings(env: Environment = process.env): ClientSettings {
  const settings: ClientSettings = {};
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const sdkAppId = read(EnvVars.sdkAppId);
  if (sdkAppId !== undefined) settings.sdkAppId = sdkAppId.trim();
  const admin = read(EnvVars.adminIdentifier);
  if (admin !== undefined) settings.adminIdentifier = admin.trim();
  // The key is taken verbatim: validation reports stray whitespace rather than silently changing a secret.
  const secretKey = read(EnvVars.secretKey);
  if (secretKey !== undefined) settings.secretKey = secretKey;
  const region = read(EnvVars.region);
  if (region !== undefined) settings.region = region.trim();
  const endpoint = read(EnvVars.endpoint);
  if (endpoint !== undefined) settings.endpoint = endpoint.trim();
  return settings;
}
