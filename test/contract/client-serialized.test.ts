/**
 * The client as it really runs: serialized into `__provider` by Pulumi's closure serializer and loaded back from
 * that text. Classes come back rebuilt from their constructor bodies and methods, so what works in the source must
 * be shown to work here too: retries and the limiter (state assigned in constructors), errors with their message,
 * name, prototype and stack, and printing without secrets.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { type Harness, startHarness } from "./harness";

const repoRoot = path.resolve(__dirname, "..", "..");

interface Described {
  name: string;
  message: string;
  code?: string;
  errorCode?: number;
  retryable?: boolean;
  isError: boolean;
  isChatApiError: boolean;
  isChatClientError: boolean;
  stackStartsWithMessage: boolean;
  printed: string;
}

interface Observed {
  textBytes: number;
  keyInText: boolean;
  imported: string[];
  added: number[];
  friends: string[];
  apiError: Described;
  configError: Described;
  authError: Described;
  printed: string;
}

function runSerialized(url: string, secretKey: string): Promise<Observed> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join(__dirname, "serialized-client.ts"), url, secretKey],
      {
        cwd: repoRoot,
        env: { ...process.env, TS_NODE_PROJECT: path.join(repoRoot, "tsconfig.json") },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Observed),
    );
  });
}

let h: Harness;
let observed: Observed;
const secretKey = "serialized-client-secret-key";

beforeAll(async () => {
  h = await startHarness({ secretKey });
  observed = await runSerialized(h.emulator.url, secretKey);
}, 60_000);
afterAll(() => h.close());

test("the serialized text holds no secret and calls work through it", async () => {
  expect(observed.keyInText).toBe(false);
  expect(observed.imported).toEqual(["Imported", "Imported", "NotImported"]);
  expect(observed.added).toEqual([0]);
  expect(observed.friends).toEqual(["bob"]);
});

test("the serialized limiter held ten concurrent calls to 5 per second", async () => {
  const checks = (await h.control.calls("friend_check")).map((c) => c.at).sort((a, b) => a - b);
  expect(checks).toHaveLength(10);
  for (let i = 5; i < checks.length; i += 1) expect(checks[i] - checks[i - 5]).toBeGreaterThanOrEqual(1000);
  expect((await h.control.calls()).some((c) => c.outcome.errorCode === 60007)).toBe(false);
});

test("a service refusal is a complete ChatApiError", () => {
  expect(observed.apiError).toMatchObject({
    name: "ChatApiError",
    errorCode: 30001,
    retryable: false,
    isError: true,
    isChatApiError: true,
    isChatClientError: false,
    stackStartsWithMessage: true,
  });
  expect(observed.apiError.message).toMatch(/^friend_get_list failed with ErrorCode 30001/);
});

test("a configuration error keeps its message naming the setting and the rule", () => {
  expect(observed.configError).toMatchObject({
    name: "ChatClientError",
    code: "CONFIG_INVALID",
    isError: true,
    isChatClientError: true,
    stackStartsWithMessage: true,
  });
  expect(observed.configError.message).toMatch(/^endpoint: plain http:\/\/ is allowed only for loopback hosts/);
});

test("a wrong key is reported as 70009 with its cause, and nothing printed holds the key", () => {
  expect(observed.authError).toMatchObject({ errorCode: 70009, isChatApiError: true });
  expect(observed.authError.message).toContain("secret key does not match");
  for (const text of [observed.authError.printed, observed.apiError.printed, observed.printed]) {
    expect(text).not.toContain(secretKey);
    expect(text).not.toContain("wrong-key-wrong-key");
  }
  expect(observed.printed).toMatch(
    /^ChatClient\(http:\/\/127\.0\.0\.1:\d+, sdkAppId 1400000000, admin administrator\)/,
  );
});
