import type { ClientSettings } from "./client/config";

/**
 * The one module that reads the environment (style.md practice 4). Environment variables are the documented fallback
 * for settings the stack config leaves out; they never override explicit settings.
 */
export const EnvVars = {
  sdkAppId: "TENCENT_CHAT_SDKAPPID",
  adminIdentifier: "TENCENT_CHAT_ADMIN",
  secretKey: "TENCENT_CHAT_SECRET_KEY",
  region: "TENCENT_CHAT_REGION",
  endpoint: "TENCENT_CHAT_ENDPOINT",
} as const;

/**
 * The client settings found in the environment. Unset or empty variables are left out, so the result can be spread
 * under explicit settings: `{ ...readEnvSettings(), ...explicit }`. Values are passed on as given;
 * `resolveClientConfig` validates them and names the setting when one is wrong.
 */
export function readEnvSettings(env: Readonly<Record<string, string | undefined>> = process.env): ClientSettings {
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
