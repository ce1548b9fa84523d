import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator";
import { ChatClient, type ChatClientDeps, type ClientSettings, resolveClientConfig } from "../../provider/client";
import { EmulatorControl } from "../../emulator";

/**
 * One emulator on port 0 per test file, its control routes, and clients pointed at it. Clients made here are closed
 * with the harness.
 */
export interface Harness {
  emulator: RunningEmulator;
  control: EmulatorControl;
  /** A client of the emulator's app; `settings` override the emulator's own (endpoint, app, admin, key). */
  client(settings?: ClientSettings, deps?: ChatClientDeps): ChatClient;
  close(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, ...options });
  const control = new EmulatorControl(emulator.url);
  const clients: ChatClient[] = [];
  return {
    emulator,
    control,
    client(settings = {}, deps = {}) {
      const client = new ChatClient(resolveClientConfig({ ...emulator.clientSettings(), ...settings }), deps);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await control.close();
      await emulator.close();
    },
  };
}

/** `n` user ids with a prefix: u0, u1, … */
export function users(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

export const ADD_SOURCE = "AddSource_Type_Test";
