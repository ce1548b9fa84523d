import type { ErrorFamily } from "../provider/commands/error-family";
import type { ItemOutcome } from "./errors";

/**
 * Fault injection: latency, internal errors, HTTP 502, dropped connections and forced per-item failures, set at
 * start or at run time through `PUT /_emulator/faults`. With a `seed` the same sequence of calls meets the same
 * faults: each call draws the same number of random values, whatever the settings.
 */
export interface FaultSettings {
  /**
   * Added to every /v4 call before it takes effect and answers. Default 0. Writes hold their lock meanwhile
   * (docs/concurrency.md#write-conflicts-30008).
   */
  latencyMs?: number;
  /** A further uniform random delay in [0, latencyJitterMs). Default 0. */
  latencyJitterMs?: number;
  /** Fraction of authenticated calls answering an internal error instead of running. Default 0. */
  errorRate?: number;
  /**
   * Codes `errorRate` picks from. Default by family: sns 30006 / 30007 (docs/error-codes.md#retry-advice), profile
   * 40006,
   * account 70169 / 70500.
   */
  errorCodes?: number[];
  /** Fraction of calls answering HTTP 502 with an HTML body, as a proxy in front of the service would. Default 0. */
  http502Rate?: number;
  /** Fraction of calls whose connection is destroyed without a response, before the call takes effect. Default 0. */
  dropRate?: number;
  /** Fraction of calls whose connection is destroyed after the call took effect (an ambiguous outcome). Default 0. */
  dropAfterApplyRate?: number;
  /** Fraction of write calls answering a top-level 30008 although nothing overlaps. Default 0. */
  conflictRate?: number;
  /** Force per-item failures: an item naming `toAccount` fails with `code`, and its change is not made. */
  itemErrors?: ItemErrorRule[];
  /** Restrict latency and the rate-based faults to these commands (e.g. `friend_update`). Default: every command. */
  commands?: string[];
  /** Seed of the random sequence. Default: a random seed. */
  seed?: number;
}

export interface ItemErrorRule {
  /** Command name such as `friend_update`; default every command with per-item results. */
  command?: string;
  toAccount: string;
  code: number;
  /** ResultInfo; default the catalog name of the code. */
  info?: string;
  /** How many times the rule fires before it is spent; default forever. */
  times?: number;
}

/** What happens to one call, decided when it arrives. */
export interface CallFaults {
  latencyMs: number;
  http502: boolean;
  drop: boolean;
  dropAfterApply: boolean;
  /** Internal error code to answer instead of running, if any. */
  errorCode: number | undefined;
  conflict: boolean;
}

const DEFAULT_ERROR_CODES: Readonly<Record<ErrorFamily, readonly number[]>> = {
  sns: [30006, 30007],
  profile: [40006],
  account: [70169, 70500],
};

export class FaultInjector {
  private settings: FaultSettings = {};
  private random: () => number = mulberry32(randomSeed());
  private itemRuleUses = new Map<ItemErrorRule, number>();

  constructor(settings: FaultSettings = {}) {
    this.set(settings);
  }

  get current(): FaultSettings {
    return structuredClone(this.settings);
  }

  /** Replace every setting (PUT semantics); a new `seed` restarts the random sequence. */
  set(settings: FaultSettings): void {
    validateFaultSettings(settings);
    this.settings = structuredClone(settings);
    this.random = mulberry32(settings.seed ?? randomSeed());
    this.itemRuleUses = new Map();
  }

  /** Decide the faults of one call. Always draws seven values, so a seeded sequence does not depend on the settings. */
  decide(command: string | undefined, family: ErrorFamily | undefined, writes: boolean): CallFaults {
    const s = this.settings;
    const draws = Array.from({ length: 7 }, () => this.random());
    const applies = command !== undefined && (s.commands === undefined || s.commands.includes(command));
    const hit = (rate: number | undefined, draw: number) => applies && rate !== undefined && draw < rate;
    const codes = s.errorCodes ?? (family ? DEFAULT_ERROR_CODES[family] : []);
    const latencyMs = applies ? (s.latencyMs ?? 0) + (s.latencyJitterMs ?? 0) * draws[5] : 0;
    return {
      latencyMs,
      http502: hit(s.http502Rate, draws[0]),
      drop: hit(s.dropRate, draws[1]),
      errorCode:
        hit(s.errorRate, draws[2]) && codes.length > 0 ? codes[Math.floor(draws[6] * codes.length)] : undefined,
      conflict: writes && hit(s.conflictRate, draws[3]),
      dropAfterApply: hit(s.dropAfterApplyRate, draws[4]),
    };
  }

  /** A forced failure for this item, if a rule names it; spends one use of the rule. */
  itemFault(command: string, toAccount: string, defaultInfo: (code: number) => string): ItemOutcome | undefined {
    for (const rule of this.settings.itemErrors ?? []) {
      if (rule.toAccount !== toAccount || (rule.command !== undefined && rule.command !== command)) continue;
      const used = this.itemRuleUses.get(rule) ?? 0;
      if (rule.times !== undefined && used >= rule.times) continue;
      this.itemRuleUses.set(rule, used + 1);
      return { code: rule.code, info: rule.info ?? defaultInfo(rule.code) };
    }
    return undefined;
  }
}

/** Throws a TypeError naming the setting, what was expected and what was given. */
export function validateFaultSettings(settings: unknown): asserts settings is FaultSettings {
  if (typeof settings !== "object" || settings === null || Array.isArray(settings)) {
    throw new TypeError(`faults: expected an object, got ${JSON.stringify(settings)}`);
  }
  const s = settings as Record<string, unknown>;
  const known = [
    "latencyMs",
    "latencyJitterMs",
    "errorRate",
    "errorCodes",
    "http502Rate",
    "dropRate",
    "dropAfterApplyRate",
    "conflictRate",
    "itemErrors",
    "commands",
    "seed",
  ];
  for (const key of Object.keys(s)) {
    if (!known.includes(key))
      throw new TypeError(`faults.${key}: unknown setting; expected one of ${known.join(", ")}`);
  }
  for (const key of ["latencyMs", "latencyJitterMs"]) {
    const v = s[key];
    if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v >= 0)) {
      throw new TypeError(`faults.${key}: expected a number of milliseconds >= 0, got ${JSON.stringify(v)}`);
    }
  }
  for (const key of ["errorRate", "http502Rate", "dropRate", "dropAfterApplyRate", "conflictRate"]) {
    const v = s[key];
    if (v !== undefined && !(typeof v === "number" && v >= 0 && v <= 1)) {
      throw new TypeError(`faults.${key}: expected a fraction between 0 and 1, got ${JSON.stringify(v)}`);
    }
  }
  if (s.seed !== undefined && !(typeof s.seed === "number" && Number.isInteger(s.seed))) {
    throw new TypeError(`faults.seed: expected an integer, got ${JSON.stringify(s.seed)}`);
  }
  if (
    s.errorCodes !== undefined &&
    !(Array.isArray(s.errorCodes) && s.errorCodes.every((c) => Number.isInteger(c) && c > 0))
  ) {
    throw new TypeError(
      `faults.errorCodes: expected an array of positive integer codes, got ${JSON.stringify(s.errorCodes)}`,
    );
  }
  if (s.commands !== undefined && !(Array.isArray(s.commands) && s.commands.every((c) => typeof c === "string"))) {
    throw new TypeError(`faults.commands: expected an array of command names, got ${JSON.stringify(s.commands)}`);
  }
  if (s.itemErrors !== undefined) {
    if (!Array.isArray(s.itemErrors))
      throw new TypeError(`faults.itemErrors: expected an array, got ${JSON.stringify(s.itemErrors)}`);
    s.itemErrors.forEach((rule: unknown, i: number) => {
      const r = rule as Record<string, unknown> | null;
      const ok =
        typeof r === "object" &&
        r !== null &&
        typeof r.toAccount === "string" &&
        Number.isInteger(r.code) &&
        (r.code as number) > 0 &&
        (r.command === undefined || typeof r.command === "string") &&
        (r.info === undefined || typeof r.info === "string") &&
        (r.times === undefined || (Number.isInteger(r.times) && (r.times as number) >= 0));
      if (!ok) {
        throw new TypeError(
          `faults.itemErrors[${i}]: expected {toAccount: string, code: integer > 0, command?: string, info?: string, times?: integer >= 0}, got ${JSON.stringify(rule)}`,
        );
      }
    });
  }
}

/** A small, fast, seedable PRNG (mulberry32): uniform values in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSeed(): number {
  return Math.floor(Math.random() * 0x100000000);
}
