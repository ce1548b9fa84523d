import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator";
import { ChatClient, type ChatClientDeps } from "../../provider/client/client";
import { type ClientSettings, resolveClientConfig } from "../../provider/config/client-config";
import { EmulatorControl } from "../../emulator";
import { ChatHttp } from "./raw-http";

/**
 * One emulator on a port-0 listener per test file, with its control client, a raw HTTP caller and REST clients
 * pointed at it. Clients have retries off unless a test asks for them (`maxAttempts`), so a failure shows up as it
 * happened. `close()` tears everything down.
 */
export interface Harness {
  emulator: RunningEmulator;
  control: EmulatorControl;
  /** Raw signed HTTP calls, with no client code in between. */
  http: ChatHttp;
  /** A client of the emulator's app; `settings` override the emulator's own (endpoint, app, admin, key). */
  client(settings?: ClientSettings, deps?: ChatClientDeps): ChatClient;
  close(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, ...options });
  const control = emulator.control;
  const http = ChatHttp.for(emulator);
  const clients: ChatClient[] = [];
  return {
    emulator,
    control,
    http,
    client(settings = {}, deps = {}) {
      const client = new ChatClient(
        resolveClientConfig({ ...emulator.clientSettings(), maxAttempts: 1, ...settings }),
        deps,
      );
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await http.close();
      await emulator.close();
    },
  };
}

/** One-way friends of `from`, made with friend_import, with the fields given. */
export async function importFriends(
  http: ChatHttp,
  from: string,
  friends: Array<string | { to: string; remark?: string; groups?: string[]; custom?: Record<string, string | number> }>,
): Promise<void> {
  const items = friends.map((f) => {
    const spec = typeof f === "string" ? { to: f } : f;
    return {
      To_Account: spec.to,
      AddSource: "AddSource_Type_Test",
      ...(spec.remark !== undefined ? { Remark: spec.remark } : {}),
      ...(spec.groups !== undefined ? { GroupName: spec.groups } : {}),
      ...(spec.custom
        ? { CustomItem: Object.entries(spec.custom).map(([k, v]) => ({ Tag: `Tag_SNS_Custom_${k}`, Value: v })) }
        : {}),
    };
  });
  for (let i = 0; i < items.length; i += 1000) {
    const res = await http.ok("sns/friend_import", { From_Account: from, AddFriendItem: items.slice(i, i + 1000) });
    if (res.Fail_Account)
      throw new Error(
        `friend_import failed for ${JSON.stringify(res.ResultItem.filter((r: { ResultCode: number }) => r.ResultCode !== 0))}`,
      );
  }
}

/** `n` UserIDs with a prefix: u0, u1, … */
export function users(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

export const ADD_SOURCE = "AddSource_Type_Test";
