import { TencentChatError } from "../errors";

/**
 * The host prints `${e}: ${e.stack}` to its stderr for every error of check, diff, read and delete, and the engine
 * shows that under the stack: a second copy, with a stack trace, of an error it already reports on the resource
 * (docs/pulumi-host.md#errors). This package's own errors carry a message a user can act on, so their print is
 * dropped; any other error (a bug) is still printed whole.
 */
const reported = new Set<string>();
let installed = false;

export function installQuietErrors(): void {
  if (installed) return;
  installed = true;
  const print = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && reported.delete(args[0])) return;
    print(...args);
  };
}

/** The host is about to print `error` (a failed check, diff, read or delete): drop that print if it is ours. */
export function quietHostPrint(error: unknown): void {
  if (installed && error instanceof TencentChatError) reported.add(`${String(error)}: ${error.stack}`);
}
