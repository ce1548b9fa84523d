import { readFileSync } from "node:fs";
import { type ClientConfig, resolveClientConfig } from "../provider/config/client-config";
import { type Environment, readEnvSettings } from "../provider/config/env";
import { EnvVars } from "../provider/config/settings";
import { messageOf } from "../provider/errors";
import { type ParsedArgs, UsageError, valueOf } from "./args";

/**
 * Where `apply` and `snapshot` connect: the documented environment variables, each overridden by a flag. The secret
 * key is never a flag value (it would show in process lists and shell history): it comes from
 * TENCENT_CHAT_SECRET_KEY or from a file named by --secret-key-file.
 */
export const CONNECTION_FLAGS = ["sdkappid", "admin", "region", "endpoint", "secret-key-file"] as const;

export const CONNECTION_HELP = `connection (flags override the environment):
  --sdkappid N             the app's SDKAppID            (env TENCENT_CHAT_SDKAPPID)
  --admin ID               an App admin, default administrator (env TENCENT_CHAT_ADMIN)
  --region NAME            the app's data centre         (env TENCENT_CHAT_REGION)
  --endpoint URL           or a base URL, e.g. an emulator (env TENCENT_CHAT_ENDPOINT)
  --secret-key-file FILE   a file holding the secret key (env TENCENT_CHAT_SECRET_KEY; never a flag value)`;

export interface Connection {
  config: ClientConfig;
  /** The TENCENT_CHAT_* variables that give the provider process the same settings. */
  env: Record<string, string>;
}

export function resolveConnection(parsed: ParsedArgs, env: Environment): Connection {
  const settings = readEnvSettings(env);
  const sdkAppId = valueOf(parsed, "sdkappid");
  const admin = valueOf(parsed, "admin");
  const region = valueOf(parsed, "region");
  const endpoint = valueOf(parsed, "endpoint");
  const keyFile = valueOf(parsed, "secret-key-file");
  if (sdkAppId !== undefined) settings.sdkAppId = sdkAppId;
  if (admin !== undefined) settings.adminIdentifier = admin;
  if (region !== undefined || endpoint !== undefined) {
    delete settings.region;
    delete settings.endpoint;
    if (region !== undefined) settings.region = region;
    if (endpoint !== undefined) settings.endpoint = endpoint;
  }
  if (keyFile !== undefined) {
    try {
      settings.secretKey = readFileSync(keyFile, "utf8").trim();
    } catch (error) {
      throw new UsageError(`--secret-key-file: cannot read ${keyFile}: ${messageOf(error)}`);
    }
  }
  const missing = [
    settings.sdkAppId === undefined ? `the SDKAppID (--sdkappid or ${EnvVars.sdkAppId})` : undefined,
    settings.secretKey === undefined ? `the secret key (--secret-key-file or ${EnvVars.secretKey})` : undefined,
    settings.region === undefined && settings.endpoint === undefined
      ? `a region or endpoint (--region, --endpoint, ${EnvVars.region} or ${EnvVars.endpoint})`
      : undefined,
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) throw new UsageError(`missing connection settings: ${missing.join("; ")}`);
  const config = resolveClientConfig(settings);
  const out: Record<string, string> = {
    [EnvVars.sdkAppId]: String(config.sdkAppId),
    [EnvVars.adminIdentifier]: config.adminIdentifier,
    [EnvVars.secretKey]: config.secretKey.reveal(),
    // One of region and endpoint; an empty value counts as unset, so the other cannot leak in from outside.
    [EnvVars.region]: "",
    [EnvVars.endpoint]: config.endpoint,
  };
  return { config, env: out };
}
