import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator";
import { ChatClient } from "../../provider/client/client";
import { resolveClientConfig } from "../../provider/config/client-config";
import { EmulatorControl } from "../../emulator";
import { Engine, type Props, ProviderHost, stackConfigFor } from "../../scripts/provider-host";
import { serializeProvider } from "../../scripts/serialize-provider";

/**
 * One emulator on port 0, the SDK's dynamic-provider host loaded with the serialized FriendRelation provider and
 * configured for that emulator, an engine model on top, and a direct client for changes made "outside Pulumi".
 */
export interface Testbed {
  emulator: RunningEmulator;
  control: EmulatorControl;
  host: ProviderHost;
  engine: Engine;
  /** A plain client of the same app: out-of-band changes and independent checks. */
  direct: ChatClient;
  /** The friend entry as the emulator stores it, or undefined when `to` is not in `from`'s list. */
  friendEntry(from: string, to: string): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

export interface TestbedOptions {
  emulator?: EmulatorOptions;
  accounts?: string[];
  /** Skip Configure (to test configuration from the environment or its absence). */
  configure?: boolean;
  hostEnv?: Record<string, string | undefined>;
}

export async function startTestbed(options: TestbedOptions = {}): Promise<Testbed> {
  const emulator = await startEmulator({ port: 0, ...options.emulator });
  const control = new EmulatorControl(emulator.url);
  const serialized = await serializeProvider();
  const host = await ProviderHost.start({ providerText: serialized.text, env: options.hostEnv });
  if (options.configure !== false) await host.configure(stackConfigFor(emulator.clientSettings()));
  // Retries off unless a test is about them: a failure should show up as it happened.
  const direct = new ChatClient(resolveClientConfig({ ...emulator.clientSettings(), maxAttempts: 1 }));
  if (options.accounts) await control.seedAccounts(options.accounts);
  return {
    emulator,
    control,
    host,
    engine: new Engine(host),
    direct,
    async friendEntry(from, to) {
      const state = await control.state();
      return state.accounts[from]?.friends[to] as unknown as Props | undefined;
    },
    async close() {
      await host.close();
      await direct.close();
      await control.close();
      await emulator.close();
    },
  };
}

/** Outputs without the `__provider` text, for readable assertions. */
export function withoutProvider(props: Props): Props {
  const { __provider: _ignored, ...rest } = props;
  return rest;
}
