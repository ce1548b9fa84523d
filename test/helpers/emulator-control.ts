import { Agent, request } from "undici";
import type { CallLogEntry, FaultSettings, SeedAccount, StateSnapshot } from "../../emulator";

/**
 * Typed access to the emulator's control routes (`/_emulator/...`), for tests: count calls, read or load state,
 * reset, set faults, seed accounts. Speaks HTTP, so it works against an emulator in another process too.
 */
export class EmulatorControl {
  private readonly agent = new Agent({ keepAliveTimeout: 1000 });

  constructor(readonly baseUrl: string) {}

  /** The call log, oldest first; only calls of `command` (e.g. `friend_update`) when given. */
  calls(command?: string): Promise<CallLogEntry[]> {
    return this.send("GET", `calls${command ? `?command=${encodeURIComponent(command)}` : ""}`) as Promise<
      CallLogEntry[]
    >;
  }

  async clearCalls(): Promise<void> {
    await this.send("DELETE", "calls");
  }

  state(): Promise<StateSnapshot> {
    return this.send("GET", "state") as Promise<StateSnapshot>;
  }

  /** Replaces the whole state with a snapshot (the shape `state()` returns). */
  async loadState(snapshot: StateSnapshot): Promise<void> {
    await this.send("PUT", "state", snapshot);
  }

  /** Empties state and the call log, clears rate windows, restores the start-up fault settings. */
  async reset(): Promise<void> {
    await this.send("POST", "reset");
  }

  faults(): Promise<FaultSettings> {
    return this.send("GET", "faults") as Promise<FaultSettings>;
  }

  /** Replaces every fault setting (PUT semantics: omitted settings go back to none). */
  setFaults(settings: FaultSettings): Promise<FaultSettings> {
    return this.send("PUT", "faults", settings) as Promise<FaultSettings>;
  }

  /** Imports accounts without the REST API; returns the ids refused (invalid, or over an account limit). */
  async seedAccounts(accounts: Array<string | SeedAccount>): Promise<string[]> {
    const result = (await this.send("POST", "accounts", { accounts })) as { refused: string[] };
    return result.refused;
  }

  info(): Promise<Record<string, unknown>> {
    return this.send("GET", "info") as Promise<Record<string, unknown>>;
  }

  /** Any control route, raw: for tests of the routes' own errors. */
  async raw(method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await request(`${this.baseUrl}/_emulator/${route}`, {
      method: method as "GET",
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: this.agent,
    });
    return { status: res.statusCode, json: await res.body.json() };
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async send(method: string, route: string, body?: unknown): Promise<unknown> {
    const { status, json } = await this.raw(method, route, body);
    if (status !== 200) throw new Error(`${method} /_emulator/${route} answered ${status}: ${JSON.stringify(json)}`);
    return json;
  }
}
