/**
 * Configuration through the host's Configure (stack config, secrets decrypted by the engine) with the environment as
 * fallback, the host's cache race, and the secret key and UserSigs staying out of `__provider`, state and messages.
 */
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import {
  HostCallError,
  type Props,
  ProviderHost,
  Engine,
  secretValue,
  stackConfigFor,
} from "../../scripts/provider-host";
import { serializeProvider } from "../../scripts/serialize-provider";

// Deliberately distinctive, so a leak is easy to find; the emulator's app uses it as its secret key.
const SECRET_KEY = "s3cr3t-key-7f0c2d9e4b1a8c6d5e3f2a1b0c9d8e7f";
// A UserSig is base64 of zlib data: it starts "eJ" and uses the alphabet [A-Za-z0-9*_-] (docs/usersig.md#generating).
const USERSIG_SHAPE = /eJ[A-Za-z0-9*_-]{40,}/;

let emulator: RunningEmulator;
let providerText: string;
let containsSecrets: boolean;
const hosts: ProviderHost[] = [];

beforeAll(async () => {
  // Set in the program's environment while serializing: nothing read from it may travel in `__provider`.
  process.env.TENCENT_CHAT_SECRET_KEY = SECRET_KEY;
  ({ text: providerText, containsSecrets } = await serializeProvider());
  delete process.env.TENCENT_CHAT_SECRET_KEY;
  emulator = await startEmulator({ port: 0, secretKey: SECRET_KEY });
  await emulator.control.seedAccounts(["alice", "bob", ...Array.from({ length: 20 }, (_, i) => `u${i}`)]);
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  await emulator.close();
});

async function startHost(env?: Record<string, string | undefined>): Promise<ProviderHost> {
  const host = await ProviderHost.start({
    providerText,
    env: env && { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  hosts.push(host);
  return host;
}

async function failureOf(promise: Promise<unknown>): Promise<HostCallError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(HostCallError);
  return outcome as HostCallError;
}

describe("serialized provider", () => {
  // `__provider` is stored twice per resource in state and sent with every gRPC call: it must stay a small shim
  // that loads the runtime in the host, whatever the client, batcher and schemas grow into.
  test("is a small shim: under 5 KB, no secret, none of the provider's own code", () => {
    expect(Buffer.byteLength(providerText)).toBeLessThan(5 * 1024);
    expect(containsSecrets).toBe(false);
    expect(providerText).not.toContain(SECRET_KEY);
    for (const code of [
      "ChatClient",
      "FriendBatcher",
      "FriendRelationProvider",
      "friend_update",
      "usersig",
      "zod",
      "undici",
    ]) {
      expect({ code, found: providerText.toLowerCase().includes(code.toLowerCase()) }).toEqual({ code, found: false });
    }
    // Found at run time from the host's working directory, never through a path baked into state.
    expect(providerText).not.toContain(path.resolve(__dirname, "..", ".."));
  });
});

describe("configuration", () => {
  test("stack config configures the provider (secret key sent as a secret)", async () => {
    const host = await startHost();
    await host.configure(stackConfigFor(emulator.clientSettings()));
    const state = await new Engine(host).create({ fromAccount: "alice", toAccount: "bob" });
    expect(state.id).toBe("alice/bob");
    await new Engine(host).destroy(state);
  });

  test("the environment is the fallback when the stack config says nothing", async () => {
    const s = emulator.clientSettings();
    const host = await startHost({
      TENCENT_CHAT_SDKAPPID: String(s.sdkAppId),
      TENCENT_CHAT_ADMIN: s.adminIdentifier,
      TENCENT_CHAT_SECRET_KEY: SECRET_KEY,
      TENCENT_CHAT_ENDPOINT: s.endpoint,
    });
    await host.configure({});
    const state = await new Engine(host).create({ fromAccount: "alice", toAccount: "bob" });
    await new Engine(host).destroy(state);
  });

  test("stack config wins over the environment", async () => {
    const s = emulator.clientSettings();
    const host = await startHost({ TENCENT_CHAT_SECRET_KEY: "wrong-key-from-env", TENCENT_CHAT_REGION: "singapore" });
    await host.configure(stackConfigFor(s));
    const state = await new Engine(host).create({ fromAccount: "alice", toAccount: "bob" });
    await new Engine(host).destroy(state);
  });

  test("a missing setting fails every call with a message naming the stack key and the variable, never a crash", async () => {
    const s = emulator.clientSettings();
    const host = await startHost();
    await host.configure({ "tencent-chat:endpoint": s.endpoint, "tencent-chat:secretKey": secretValue(SECRET_KEY) });
    const engine = new Engine(host);
    // The first call configures the provider; the ones racing it and after it must see the same configuration error.
    const failures = await Promise.all(
      [1, 2, 3].map((i) => failureOf(engine.create({ fromAccount: "alice", toAccount: `u${i}` }))),
    );
    for (const f of failures) {
      expect(f.details).toMatch(/^tencent-chat configuration: sdkAppId is required/);
      expect(f.details).toMatch(/tencent-chat:sdkAppId/);
      expect(f.details).toMatch(/TENCENT_CHAT_SDKAPPID/);
    }
    // Check and diff need no configuration.
    expect((await host.check({}, { fromAccount: "alice", toAccount: "bob" })).failures).toEqual([]);
  });

  test("an invalid setting names the setting and the rule", async () => {
    const host = await startHost();
    await host.configure({ ...stackConfigFor(emulator.clientSettings()), "tencent-chat:sdkAppId": "not-a-number" });
    const f = await failureOf(new Engine(host).create({ fromAccount: "alice", toAccount: "bob" }));
    expect(f.details).toMatch(/sdkAppId: expected a positive integer such as 1400000000, got "not-a-number"/);
  });

  test("a wrong secret key is reported as such, without the key", async () => {
    const host = await startHost();
    const wrong = "wrong-secret-key-0123456789abcdef";
    await host.configure({
      ...stackConfigFor(emulator.clientSettings()),
      "tencent-chat:secretKey": secretValue(wrong),
    });
    const f = await failureOf(new Engine(host).create({ fromAccount: "alice", toAccount: "bob" }));
    expect(f.details).toMatch(/70009/);
    expect(f.details).not.toContain(wrong);
    expect(f.details).not.toMatch(USERSIG_SHAPE);
    expect(host.log).not.toContain(wrong);
  });

  test("calls racing the first configure all see the configured provider", async () => {
    const host = await startHost();
    await host.configure(stackConfigFor(emulator.clientSettings()));
    const engine = new Engine(host);
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => engine.create({ fromAccount: "bob", toAccount: `u${i}`, remark: `u${i}` })),
    );
    expect(created.map((c) => c.outputs.remark)).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`));
    await Promise.all(created.map((c) => engine.destroy(c)));
  });
});

describe("secrets", () => {
  test("no response, error or log line of a whole lifecycle holds the secret key or a UserSig", async () => {
    const host = await startHost();
    await host.configure(stackConfigFor(emulator.clientSettings()));
    const engine = new Engine(host);
    const seen: Props[] = [];
    const state = await engine.create({
      fromAccount: "alice",
      toAccount: "bob",
      remark: "Bob",
      profileTags: ["Tag_Profile_IM_Nick"],
    });
    seen.push(state.outputs, state.inputs);
    const { state: updated } = await engine.up(state, { fromAccount: "alice", toAccount: "bob", remark: "Bobby" });
    seen.push(updated.outputs);
    const refreshed = await engine.refresh(updated);
    seen.push(refreshed!.outputs, refreshed!.inputs);
    const failure = await failureOf(engine.create({ fromAccount: "alice", toAccount: "nobody" }));
    seen.push({ message: failure.details });
    await engine.destroy(refreshed!);

    // `__provider` is checked on its own above (its redaction code spells "usersig=" in a regular expression).
    const everything =
      JSON.stringify(seen, (key, value: unknown) => (key === "__provider" ? undefined : value)) + host.log;
    expect(everything).toContain("alice");
    expect(everything).not.toContain(SECRET_KEY);
    expect(everything).not.toMatch(USERSIG_SHAPE);
    expect(everything).not.toMatch(/usersig=(?!REDACTED)/i);
  });
});
