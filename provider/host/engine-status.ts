import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import * as path from "node:path";

/**
 * Status lines during a long operation, shown by the engine next to the resource ("340 of 2000 friend changes
 * applied"). The dynamic-provider host gives providers no such channel, but it is started with the engine's address,
 * and the engine's Log call takes a resource URN and an `ephemeral` flag: the line replaces the resource's status in
 * the progress display instead of staying in the output.
 *
 * The URN of the call in progress is not passed to the provider either. The host's handlers read the request's
 * properties synchronously before they call the provider, so the request classes are wrapped to remember the URN for
 * the async context of that call. Anything unexpected leaves the host as it was, and no status is shown.
 */
interface EngineClientLike {
  log(request: unknown, callback: (error: unknown) => void): void;
}

interface EngineProto {
  LogRequest: new () => {
    setSeverity(value: number): void;
    setMessage(value: string): void;
    setUrn(value: string): void;
    setEphemeral(value: boolean): void;
  };
  LogSeverity: Record<string, number>;
}

const urns = new AsyncLocalStorage<string>();
let engine: { client: EngineClientLike; proto: EngineProto } | undefined;
let installed = false;

/** A module as the host script itself would load it: the very instances the host uses. */
function sdkModule<T>(hostScript: string, request: string): T {
  const script = hostScript.endsWith(".js") ? hostScript : path.join(hostScript, "index.js");
  return createRequire(script)(request) as T;
}

/** Connects to the engine and wraps the request classes, once, if this process is a dynamic-provider host. */
export function installEngineStatus(argv: readonly string[] = process.argv): void {
  if (installed) return;
  installed = true;
  const hostScript = argv[1] ?? "";
  const address = argv[2] ?? "";
  if (!/dynamic-provider/.test(hostScript) || !/^[^:]+:\d+$/.test(address)) return;
  try {
    const providerProto = sdkModule<Record<string, { prototype: Record<string, unknown> } | undefined>>(
      hostScript,
      "../../proto/provider_pb.js",
    );
    const requests: Array<[string, string]> = [
      ["CreateRequest", "getProperties"],
      ["UpdateRequest", "getNews"],
      ["DeleteRequest", "getProperties"],
    ];
    for (const [name, getter] of requests) {
      const prototype = providerProto[name]?.prototype;
      const read = prototype?.[getter];
      const getUrn = prototype?.getUrn;
      if (!prototype || typeof read !== "function" || typeof getUrn !== "function") return;
      prototype[getter] = function (this: unknown, ...args: unknown[]) {
        urns.enterWith(String(getUrn.call(this)));
        return read.apply(this, args);
      };
    }
    const grpc = sdkModule<{ credentials: { createInsecure(): unknown } }>(hostScript, "@grpc/grpc-js");
    const services = sdkModule<{ EngineClient: new (address: string, credentials: unknown) => EngineClientLike }>(
      hostScript,
      "../../proto/engine_grpc_pb.js",
    );
    const proto = sdkModule<EngineProto>(hostScript, "../../proto/engine_pb.js");
    engine = { client: new services.EngineClient(address, grpc.credentials.createInsecure()), proto };
  } catch {
    engine = undefined;
  }
}

/** Shows `message` as the status of the resource whose create, update or delete is running. Never throws. */
export function reportStatus(message: string): void {
  const urn = urns.getStore();
  if (!engine || !urn) return;
  try {
    const request = new engine.proto.LogRequest();
    request.setSeverity(engine.proto.LogSeverity.INFO);
    request.setMessage(message);
    request.setUrn(urn);
    request.setEphemeral(true);
    engine.client.log(request, () => undefined);
  } catch {
    // A status line is a courtesy: never a reason to fail.
  }
}
