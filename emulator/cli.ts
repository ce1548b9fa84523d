import { EMULATOR_DEFAULTS, startEmulator, type EmulatorOptions } from "./index";
import { isValidUserId } from "./store/rules";

/**
 * `tencent-chat emulator`: the emulator as a command. The environment comes in as a parameter (only `main.ts`
 * reads `process.env`), output goes to `io`, and signals come from `io.signals` (default: the process).
 */

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Where SIGINT and SIGTERM arrive; default `process`. */
  signals?: Pick<NodeJS.EventEmitter, "once" | "off">;
}

const NAME = "tencent-chat emulator";

export const USAGE = `usage: ${NAME} [--port N] [--host H] [--state FILE] [--account ID]... [--accounts A,B,...]
  --port N            TCP port (default ${EMULATOR_DEFAULTS.cliPort}; 0 picks a free one)
  --host H            interface to bind (default ${EMULATOR_DEFAULTS.host}; any other warns: control has no auth)
  --state FILE        keep state in FILE and FILE.log, every acknowledged write on disk (default: memory only)
  --account ID        create this account at start (repeatable)
  --accounts A,B,...  create these accounts at start
  --help              this text
environment:
  TENCENT_CHAT_SDKAPPID    the app served (default ${EMULATOR_DEFAULTS.sdkAppId})
  TENCENT_CHAT_ADMIN       app admin identifiers, comma-separated (default ${EMULATOR_DEFAULTS.adminIdentifier})
  TENCENT_CHAT_SECRET_KEY  the app's secret key for UserSigs (default: a local, non-secret key)
Prints "listening on http://HOST:PORT" once ready. SIGINT or SIGTERM: stop accepting, give calls in flight 5 s,
write the state file, exit 0.
`;

export type ParsedArgs = { kind: "help" } | { kind: "run"; options: EmulatorOptions };

/** A mistake in the command line or the environment: one line, exit status 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The options of a command line and an environment; throws UsageError saying what was expected and given. */
export function parseEmulatorArgs(argv: readonly string[], env: Record<string, string | undefined>): ParsedArgs {
  const options: EmulatorOptions = { port: EMULATOR_DEFAULTS.cliPort };
  const accounts: string[] = [];
  const addAccount = (flag: string, id: string) => {
    if (!isValidUserId(id))
      throw new UsageError(`${flag}: expected a UserID of 1 to 32 bytes of printable ASCII, got ${JSON.stringify(id)}`);
    if (!accounts.includes(id)) accounts.push(id);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--port": {
        const text = value();
        if (!/^\d+$/.test(text) || Number(text) > 65535)
          throw new UsageError(`--port: expected an integer from 0 to 65535, got ${JSON.stringify(text)}`);
        options.port = Number(text);
        break;
      }
      case "--host":
        options.host = value();
        break;
      case "--state":
        options.statePath = value();
        break;
      case "--account":
        addAccount(flag, value());
        break;
      case "--accounts":
        for (const id of value().split(",")) if (id.trim() !== "") addAccount(flag, id.trim());
        break;
      case "--help":
      case "-h":
        return { kind: "help" };
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (accounts.length > 0) options.accounts = accounts;
  const sdkAppId = env.TENCENT_CHAT_SDKAPPID;
  if (sdkAppId !== undefined && sdkAppId !== "") {
    if (!/^\d+$/.test(sdkAppId) || Number(sdkAppId) === 0)
      throw new UsageError(`TENCENT_CHAT_SDKAPPID: expected a positive integer, got ${JSON.stringify(sdkAppId)}`);
    options.sdkAppId = Number(sdkAppId);
  }
  const admins = env.TENCENT_CHAT_ADMIN;
  if (admins !== undefined && admins !== "") {
    options.adminIdentifiers = admins
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean);
  }
  const key = env.TENCENT_CHAT_SECRET_KEY;
  if (key !== undefined && key !== "") options.secretKey = key;
  return { kind: "run", options };
}

/**
 * Runs the emulator until SIGINT or SIGTERM; resolves with the exit status: 0 after a clean stop (or `--help`),
 * 1 when it cannot start or stop, 2 for a usage error. Every message is one line.
 */
export async function runEmulatorCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseEmulatorArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${NAME}: ${error.message} (see --help)\n`);
    return 2;
  }
  if (parsed.kind === "help") {
    io.stdout.write(USAGE);
    return 0;
  }
  const signals = io.signals ?? process;
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({ ...parsed.options, stderr: io.stderr });
  } catch (error) {
    io.stderr.write(`${NAME}: ${oneLine(error)}\n`);
    return 1;
  }
  io.stdout.write(`listening on ${emulator.url}\n`);
  const signal = await new Promise<string>((resolve) => {
    const on = (name: string) => () => {
      signals.off("SIGINT", onInt);
      signals.off("SIGTERM", onTerm);
      resolve(name);
    };
    const onInt = on("SIGINT");
    const onTerm = on("SIGTERM");
    signals.once("SIGINT", onInt);
    signals.once("SIGTERM", onTerm);
  });
  // A second signal while stopping gives up on the grace period; acknowledged writes are already on disk.
  let now: () => void = () => undefined;
  const again = new Promise<number>((resolve) => {
    now = () => {
      io.stderr.write(`${NAME}: stopping now, without waiting for calls in flight\n`);
      resolve(1);
    };
    signals.once("SIGINT", now);
    signals.once("SIGTERM", now);
  });
  const stopped = emulator.close().then(
    () => 0,
    (error: unknown) => {
      io.stderr.write(`${NAME}: error while stopping on ${signal}: ${oneLine(error)}\n`);
      return 1;
    },
  );
  try {
    return await Promise.race([stopped, again]);
  } finally {
    signals.off("SIGINT", now);
    signals.off("SIGTERM", now);
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ");
}
