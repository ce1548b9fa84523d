import { connect } from "node:net";

/**
 * Ends the dynamic-provider host once the Pulumi engine that started it is gone. A killed `pulumi` CLI leaves its
 * host running, orphaned (docs/pulumi-host.md#when-the-cli-is-killed): nothing would ever call it again. The host is
 * started with the engine's gRPC address as its argument, and the engine serves it for the whole run, so the host
 * probes it: refused twice in a row means the engine has exited.
 */
const PROBE_EVERY_MS = 2000;
const REFUSALS_TO_EXIT = 2;

let started = false;

/** The `host:port` the host was started with, if its command line has one. */
function engineAddress(argv: readonly string[]): { host: string; port: number } | undefined {
  const match = /^([^:]+|\[[^\]]+\]):(\d+)$/.exec(argv[2] ?? "");
  return match ? { host: match[1].replace(/^\[|\]$/g, ""), port: Number(match[2]) } : undefined;
}

function probe(address: { host: string; port: number }): Promise<"up" | "refused" | "unsure"> {
  return new Promise((resolve) => {
    const socket = connect(address);
    socket.setTimeout(PROBE_EVERY_MS);
    socket.once("connect", () => {
      socket.destroy();
      resolve("up");
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve("unsure");
    });
    socket.once("error", (error: NodeJS.ErrnoException) =>
      resolve(error.code === "ECONNREFUSED" ? "refused" : "unsure"),
    );
  });
}

/** Starts watching, once per process, if this process is a dynamic-provider host started with an engine address. */
export function watchEngine(argv: readonly string[] = process.argv): void {
  if (started) return;
  started = true;
  const address = engineAddress(argv);
  if (!address || !/dynamic-provider/.test(argv[1] ?? "")) return;
  let refusals = 0;
  const timer = setInterval(() => {
    void probe(address).then((state) => {
      refusals = state === "refused" ? refusals + 1 : 0;
      if (refusals < REFUSALS_TO_EXIT) return;
      process.stderr.write(
        `pulumi-tencent-chat: the Pulumi engine at ${address.host}:${address.port} is gone; the provider host exits\n`,
      );
      process.exit(1);
    });
  }, PROBE_EVERY_MS);
  timer.unref();
}
