/**
 * A small flag parser for the `tencent-chat` subcommands: `--flag value`, `--flag=value`, boolean flags, and
 * positional arguments. Unknown flags are usage errors naming the closest known one.
 */
import { didYouMean } from "../provider/checks/closest-name";

export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value. */
  values: readonly string[];
  /** Flags that are on or off. */
  booleans: readonly string[];
  /** Flags that may be given more than once (values collected in order). */
  repeatable?: readonly string[];
}

export interface ParsedArgs {
  values: Map<string, string[]>;
  booleans: Set<string>;
  positionals: string[];
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const parsed: ParsedArgs = { values: new Map(), booleans: new Set(), positionals: [] };
  const known = [...spec.values, ...spec.booleans].map((f) => `--${f}`);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--") || arg === "--") {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = (eq >= 0 ? arg.slice(0, eq) : arg).slice(2);
    if (spec.booleans.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      parsed.booleans.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new UsageError(`unknown option --${name}${didYouMean(`--${name}`, known)}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
    const list = parsed.values.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable?.includes(name)) throw new UsageError(`--${name} is given twice`);
    parsed.values.set(name, [...list, value]);
  }
  return parsed;
}

/** The single value of a flag, if given. */
export function valueOf(parsed: ParsedArgs, name: string): string | undefined {
  return parsed.values.get(name)?.[0];
}
