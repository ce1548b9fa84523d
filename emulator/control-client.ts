import type { CallLogEntry } from "./call-log";
import type { FaultSettings } from "./faults";
import type { SeedAccount, StateSnapshot } from "./state-types";

/**
 * Typed access to an emulator's control routes (`/_emulator/...`): count calls, read or load state, reset, set
 * faults, seed accounts. Speaks HTTP with Node's global `fetch`, so it works against an emulator in another process
 * too; every request carries `Content-Type: application/json`, which the mutating routes require.
 */
export class EmulatorControl {
  /** `baseUrl` is the emulator's URL, e.g. `http://127.0.0.1:5050` (a trailing slash is ignored). */
  constructor(readonly baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

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

  /** Any control route, raw: for tests of the routes' own errors. `json` is undefined when the body is not JSON. */
  async raw(method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${this.baseUrl}/_emulator/${route}`, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }

  /** Nothing to release: `fetch` pools connections globally. Kept so callers can close what they open. */
  async close(): Promise<void> {}

  private async send(method: string, route: string, body?: unknown): Promise<unknown> {
    const { status, json } = await this.raw(method, route, body);
    if (status !== 200) throw new Error(`${method} /_emulator/${route} answered ${status}: ${JSON.stringify(json)}`);
    return json;
  }
}
