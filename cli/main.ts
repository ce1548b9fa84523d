#!/usr/bin/env node
/**
 * `tencent-chat`: the package's command. Subcommands: `emulator` (the local Tencent Chat for a team's CI), `apply`
 * (deploy a declaration file as a Pulumi stack), `snapshot` (write one from a live app). The only cli/ module that
 * reads the process environment; the subcommands get it as a parameter.
 */
import "../provider/node-version";
import { TencentChatError } from "../provider/errors";
import { runEmulatorCli } from "../emulator/cli";
import { runApply } from "./apply";
import { UsageError } from "./args";
import type { Io, Outcome } from "./io";
import { runSnapshot } from "./snapshot";

const HELP = `usage: tencent-chat <command> [options]

commands:
  emulator   run the local Tencent Cloud Chat emulator      (tencent-chat emulator --help)
  apply      deploy a declaration file as a Pulumi stack    (tencent-chat apply --help)
  snapshot   write a declaration file from a live app       (tencent-chat snapshot --help)
`;

const io: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

async function main(argv: string[]): Promise<Outcome> {
  const [command, ...rest] = argv;
  const env = process.env;
  switch (command) {
    case "emulator":
      return { exitCode: await runEmulatorCli(rest, env, { stdout: process.stdout, stderr: process.stderr }) };
    case "apply":
      return runApply(rest, env, io);
    case "snapshot":
      return runSnapshot(rest, env, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout(HELP);
      return { exitCode: command === undefined ? 2 : 0 };
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

main(process.argv.slice(2)).then(
  (outcome) => {
    process.exitCode = outcome.exitCode;
  },
  (error: unknown) => {
    // Usage, file and configuration mistakes are one clear message each; anything else is a bug worth its stack.
    if (error instanceof UsageError) io.stderr(`tencent-chat: ${error.message}\n(see tencent-chat --help)\n`);
    else if (error instanceof TencentChatError) io.stderr(`${error.message}\n`);
    else io.stderr(`tencent-chat: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = error instanceof UsageError || error instanceof TencentChatError ? 2 : 1;
  },
);
