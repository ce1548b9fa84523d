import { runEmulatorCli } from "./cli";

/**
 * `npm run emulator -- [options]`: the thin entry of the emulator command (emulator/cli.ts, `--help` for the
 * options). The only emulator file that reads `process.env`; everything else is given the environment.
 */
if (require.main === module) {
  runEmulatorCli(process.argv.slice(2), process.env, process).then(
    (status) => process.exit(status),
    (error: unknown) => {
      process.stderr.write(`tencent-chat emulator: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
