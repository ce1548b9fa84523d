/** What the emulator's call log says about one scenario: requests, conflicts, throttling, retries. */
import type { CallLogEntry } from "../emulator";
import { retryAdvice } from "../provider/commands";
import type { ProviderKind } from "./report";

export interface CallStats {
  /** Every request the emulator saw (/v4 calls; retries included). */
  calls: number;
  byCommand: Record<string, number>;
  /** Requests answered 30008 (write conflict). */
  conflicts: number;
  /** Requests answered 60007 (over the rate limit). */
  throttled: number;
  /**
   * Requests answered with a failure that the provider resends: 30008 for naive, 30008 and 60007 for
   * naive-retrying; for ours every code whose advice is not "never" (30008, 60007, 30006/30007, 70001) and gateway
   * failures (HTTP 502, dropped). A last attempt that gives up is counted too, so this is an upper bound.
   */
  retries: number;
}

export function callStats(log: CallLogEntry[], kind: ProviderKind): CallStats {
  const calls = log.filter((c) => !c.command.startsWith("/_emulator"));
  const byCommand: Record<string, number> = {};
  let conflicts = 0;
  let throttled = 0;
  let retries = 0;
  for (const c of calls) {
    byCommand[c.command] = (byCommand[c.command] ?? 0) + 1;
    const code = c.outcome.errorCode;
    if (code === 30008) conflicts++;
    if (code === 60007) throttled++;
    const gateway = c.outcome.httpStatus === null || c.outcome.httpStatus >= 500;
    let resent: boolean;
    if (kind === "naive") resent = code === 30008;
    else if (kind === "naive-retrying") resent = code === 30008 || code === 60007;
    else resent = gateway || (code !== null && code !== 0 && retryAdvice(code) !== "never");
    if (resent) retries++;
  }
  return { calls: calls.length, byCommand, conflicts, throttled, retries };
}
