import { startEmulator, EMULATOR_DEFAULTS, type EmulatorOptions } from "./index";

/**
 * `npm run emulator -- [--port N] [--host H] [--state FILE]`
 *
 * Environment: TENCENT_CHAT_SDKAPPID, TENCENT_CHAT_ADMIN (comma-separated admins), TENCENT_CHAT_SECRET_KEY; each
 * has a local default. Prints exactly one line, `listening on http://HOST:PORT`, once ready. On SIGINT or SIGTERM
 * it stops accepting, finishes in-flight calls, writes the state file, and exits 0.
 */

const USAGE = `usage: npm run emulator -- [--port N] [--host H] [--state FILE]
  --port N      TCP port (default ${EMULATOR_DEFAULTS.cliPort}; 0 picks a free one)
  --host H      interface to bind (default ${EMULATOR_DEFAULTS.host})
  --state FILE  persist state to FILE atomically and reload it on start (default: memory only)
environment:
  TENCENT_CHAT_SDKAPPID    the app served (default ${EMULATOR_DEFAULTS.sdkAppId})
  TENCENT_CHAT_ADMIN       app admin identifiers, comma-separated (default ${EMULATOR_DEFAULTS.adminIdentifier})
  TENCENT_CHAT_SECRET_KEY  the app's secret key for UserSigs (default: a local, non-secret key)
`;

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): EmulatorOptions {
  const options: EmulatorOptions = { port: EMULATOR_DEFAULTS.cliPort };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
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
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        process.exit(0);
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  const sdkAppId = env.TENCENT_CHAT_SDKAPPID;
  if (sdkAppId !== undefined && sdkAppId !== "") {
    if (!/^\d+$/.test(sdkAppId))
      throw new UsageError(`TENCENT_CHAT_SDKAPPID: expected a positive integer, got ${JSON.stringify(sdkAppId)}`);
    options.sdkAppId = Number(sdkAppId);
  }
  const admins = env.TENCENT_CHAT_ADMIN;
  if (admins !== undefined && admins !== "")
    options.adminIdentifiers = admins
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean);
  const key = env.TENCENT_CHAT_SECRET_KEY;
  if (key !== undefined && key !== "") options.secretKey = key;
  return options;
}

class UsageError extends Error {}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`emulator: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const emulator = await startEmulator(options);
  process.stdout.write(`listening on ${emulator.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`emulator: error while stopping on ${signal}: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`emulator: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
