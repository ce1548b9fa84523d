import { EmulatorControl } from "./control-client";
import { resolveEmulatorConfig, type EmulatorOptions } from "./options";
import { EmulatorServer } from "./server";

export { EmulatorControl } from "./control-client";

export type { EmulatorOptions, EmulatorLimits } from "./options";
export { EMULATOR_DEFAULTS } from "./options";
export type { FaultSettings, ItemErrorRule } from "./faults";
export type { CallLogEntry } from "./call-log";
export type { StateSnapshot, AccountSnapshot, FriendEntry, SeedAccount } from "./state-types";

/** Settings a client needs to call this emulator (the shape of the client's ClientSettings). */
export interface EmulatorClientSettings {
  endpoint: string;
  sdkAppId: number;
  adminIdentifier: string;
  secretKey: string;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  host: string;
  port: number;
  /** A client of this emulator's control routes (`/_emulator/...`), closed by `close()`. */
  control: EmulatorControl;
  /** Endpoint and credentials of this emulator's app. A method, so printing the object never shows the key. */
  clientSettings(): EmulatorClientSettings;
  /**
   * Stops accepting, gives in-flight calls `shutdownGraceMs` to finish, closes every connection, compacts the state
   * file if any, and closes `control`.
   */
  close(): Promise<void>;
}

/** Starts an emulator of the Tencent Cloud Chat REST API. Defaults: port 0, 127.0.0.1, app 1400000000. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const config = resolveEmulatorConfig(options);
  const server = new EmulatorServer(config);
  let address: { host: string; port: number };
  try {
    address = await server.listen();
  } catch (error) {
    // Release the state file it opened.
    await server.close();
    throw error;
  }
  const { host, port } = address;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const control = new EmulatorControl(url);
  return {
    url,
    host,
    port,
    control,
    clientSettings: () => ({
      endpoint: url,
      sdkAppId: config.sdkAppId,
      adminIdentifier: config.adminIdentifiers[0],
      secretKey: config.secretKey,
    }),
    close: async () => {
      await control.close();
      await server.close();
    },
  };
}
