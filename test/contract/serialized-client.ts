/**
 * The client as the dynamic-provider host runs it: the Pulumi SDK's closure serializer turns a factory of ChatClient
 * into module text, which is loaded back from that text (as `require-from-string` does in the host) and driven
 * against an emulator. Run as a child process by client-serialized.test.ts, outside Jest (the serializer recognises
 * packages through Node's require.cache, which Jest bypasses).
 *
 *   node -r ts-node/register/transpile-only test/contract/serialized-client.ts <emulator-url> <secret-key>
 *
 * Prints one JSON object with what each step observed.
 */
import Module = require("node:module");
import * as path from "node:path";
import { inspect } from "node:util";

async function main(): Promise<void> {
  const [url, secretKey] = process.argv.slice(2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const client = require("../../provider/client") as typeof import("../../provider/client");
  const factory = (settings: import("../../provider/client").ClientSettings) =>
    new client.ChatClient(client.resolveClientConfig(settings));
  const exported = { factory, ChatApiError: client.ChatApiError, ChatClientError: client.ChatClientError };
  const serialized = await pulumi.runtime.serializeFunction(() => exported, { allowSecrets: false });

  // What the host does with `__provider`: compile the text as a module whose requires resolve from the repo root.
  const filename = path.resolve(__dirname, "..", "..", "__serialized_client.js");
  const mod = new Module(filename) as Module & { _compile(code: string, filename: string): void; paths: string[] };
  mod.filename = filename;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    path.dirname(filename),
  );
  mod._compile(serialized.text, filename);
  const loaded = (mod.exports as { handler: () => typeof exported }).handler();
  const make = loaded.factory;
  /** What a caller can rely on in an error of the serialized client. */
  const describe = (error: unknown) => {
    const e = error as {
      name: string;
      message: string;
      code?: string;
      errorCode?: number;
      retryable?: boolean;
      stack?: string;
    };
    return {
      name: e.name,
      message: e.message,
      code: e.code,
      errorCode: e.errorCode,
      retryable: e.retryable,
      isError: error instanceof Error,
      isChatApiError: error instanceof loaded.ChatApiError,
      isChatClientError: error instanceof loaded.ChatClientError,
      stackStartsWithMessage: typeof e.stack === "string" && e.stack.startsWith(`${e.name}: ${e.message}`),
      printed: `${String(error)} ${inspect(error)}`,
    };
  };

  const settings = {
    endpoint: url,
    sdkAppId: 1400000000,
    secretKey,
    maxAttempts: 3,
    retryBaseDelayMs: 1,
    rateLimitPerSecond: 5,
  };
  const out: Record<string, unknown> = {
    textBytes: serialized.text.length,
    keyInText: serialized.text.includes(secretKey),
  };
  const c = make(settings);
  await c.multiaccountImport(["alice", "bob", "carol"]);
  out.imported = (await c.accountCheck(["alice", "bob", "nobody"])).map((r) => r.AccountStatus);
  out.added = (await c.friendImport("alice", [{ To_Account: "bob", AddSource: "AddSource_Type_Test" }])).map(
    (r) => r.ResultCode,
  );
  // Ten calls at 5/s: the limiter must hold them back.
  await Promise.all(Array.from({ length: 10 }, () => c.friendCheck("alice", ["bob"], "CheckResult_Type_Single")));
  out.friends = (await c.friendGet("alice")).friends.map((f) => f.To_Account);
  try {
    await c.friendGetList("alice", ["bob"], ["Tag_SNS_Custom_Nope"]);
  } catch (error) {
    out.apiError = describe(error);
  }
  try {
    make({ ...settings, endpoint: "http://example.com" });
  } catch (error) {
    out.configError = describe(error);
  }
  const wrong = make({ ...settings, secretKey: "wrong-key-wrong-key" });
  try {
    await wrong.friendGet("alice");
  } catch (error) {
    out.authError = describe(error);
  }
  out.printed = [String(c), inspect(c), JSON.stringify(c)].join(" | ");
  await c.close();
  await wrong.close();
  process.stdout.write(JSON.stringify(out));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
