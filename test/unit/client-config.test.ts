import { inspect } from "node:util";
import {
  ClientDefaults,
  type ClientSettings,
  Regions,
  regionId,
  resolveClientConfig,
} from "../../provider/config/client-config";
import { readEnvSettings } from "../../provider/config/env";
import { isLoopbackHost } from "../../provider/loopback";
import { EnvVars } from "../../provider/config/settings";
import { ConfigError } from "../../provider/errors";

const KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const base: ClientSettings = { sdkAppId: 1400000000, secretKey: KEY, region: "singapore" };

/** The CONFIG_INVALID error thrown by resolving these settings. */
function configFailure(settings: ClientSettings): ConfigError {
  try {
    resolveClientConfig(settings);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe("CONFIG_INVALID");
    return error as ConfigError;
  }
  throw new Error("expected resolveClientConfig to throw");
}

describe("resolveClientConfig: regions and endpoints", () => {
  test.each([
    ["china", "https://console.tim.qq.com"],
    ["singapore", "https://adminapisgp.im.qcloud.com"],
    ["seoul", "https://adminapikr.im.qcloud.com"],
    ["tokyo", "https://adminapijpn.im.qcloud.com"],
    ["frankfurt", "https://adminapiger.im.qcloud.com"],
    ["mumbai", "https://adminapiind.im.qcloud.com"],
    ["silicon-valley", "https://adminapiusa.im.qcloud.com"],
    ["jakarta", "https://adminapiidn.im.qcloud.com"],
  ])("region %s maps to its documented domain (docs/rest-api.md#regions)", (region, endpoint) => {
    expect(resolveClientConfig({ ...base, region }).endpoint).toBe(endpoint);
  });

  test("readable spellings of a region are accepted", () => {
    expect(regionId("Silicon Valley")).toBe("silicon-valley");
    expect(regionId("SILICON_VALLEY")).toBe("silicon-valley");
    expect(regionId(" Tokyo ")).toBe("tokyo");
    expect(regionId("india")).toBe("mumbai");
    expect(regionId("atlantis")).toBeUndefined();
    expect(Object.keys(Regions)).toHaveLength(8);
  });

  test("an unknown region names the setting and lists the valid ones", () => {
    const error = configFailure({ ...base, region: "atlantis" });
    expect(error.message).toContain("region");
    expect(error.message).toContain("silicon-valley");
    expect(error.message).toContain('"atlantis"');
  });

  test("an explicit https endpoint is kept, without a trailing slash", () => {
    const { region, ...noRegion } = base;
    expect(region).toBeDefined();
    expect(resolveClientConfig({ ...noRegion, endpoint: "https://proxy.example.com/tencent/" }).endpoint).toBe(
      "https://proxy.example.com/tencent",
    );
  });

  test.each(["http://127.0.0.1:5050", "http://127.8.9.10", "http://localhost:5050", "http://[::1]:5050"])(
    "plain http is allowed to the loopback host %s",
    (endpoint) => {
      expect(resolveClientConfig({ sdkAppId: 1, secretKey: "k3y!", endpoint }).endpoint).toBe(endpoint);
    },
  );

  test.each(["http://10.0.0.5:5050", "http://example.com", "http://128.0.0.1", "http://localhost.example.com"])(
    "plain http is refused for the non-loopback host %s",
    (endpoint) => {
      const error = configFailure({ sdkAppId: 1, secretKey: "k3y!", endpoint });
      expect(error.message).toMatch(/^endpoint: plain http:\/\/ is allowed only for loopback hosts/);
    },
  );

  test("endpoints with credentials, queries or odd schemes are refused", () => {
    expect(configFailure({ sdkAppId: 1, secretKey: "k3y!", endpoint: "https://u:p@example.com" }).message).toContain(
      "credentials",
    );
    expect(
      configFailure({ sdkAppId: 1, secretKey: "k3y!", endpoint: "https://example.com/?usersig=x" }).message,
    ).toContain("query");
    expect(configFailure({ sdkAppId: 1, secretKey: "k3y!", endpoint: "ftp://example.com" }).message).toContain(
      "https://",
    );
    expect(configFailure({ sdkAppId: 1, secretKey: "k3y!", endpoint: "not a url" }).message).toContain("absolute URL");
  });

  test("region and endpoint are exclusive, and one of them is required", () => {
    expect(configFailure({ ...base, endpoint: "https://example.com" }).message).toContain("not both");
    const { region, ...noRegion } = base;
    expect(region).toBeDefined();
    expect(configFailure(noRegion).message).toContain("one is required");
  });

  test("loopback detection", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("127.255.255.254")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("LOCALHOST")).toBe(true);
    expect(isLoopbackHost("127.0.0.256")).toBe(false);
    expect(isLoopbackHost("1.127.0.0")).toBe(false);
  });
});

describe("resolveClientConfig: credentials and numbers", () => {
  test("defaults are applied and documented figures hold", () => {
    const config = resolveClientConfig(base);
    expect(config).toMatchObject({
      sdkAppId: 1400000000,
      adminIdentifier: "administrator",
      region: "singapore",
      requestTimeoutMs: 10_000,
      maxAttempts: ClientDefaults.maxAttempts,
      maxRetryTimeMs: ClientDefaults.maxRetryTimeMs,
      maxConcurrency: ClientDefaults.maxConcurrency,
    });
    expect(config.rateLimitPerSecond).toBeUndefined();
    expect(config.secretKey.reveal()).toBe(KEY);
  });

  test("a numeric string SDKAppID is accepted", () => {
    expect(resolveClientConfig({ ...base, sdkAppId: " 1400000001 " }).sdkAppId).toBe(1400000001);
  });

  test.each([
    [undefined, "is required"],
    ["abc", '"abc"'],
    [0, "positive integer"],
    [1.5, "1.5"],
    [-3, "-3"],
  ])("SDKAppID %p is refused (%s)", (sdkAppId, fragment) => {
    const error = configFailure({ ...base, sdkAppId: sdkAppId as number | undefined });
    expect(error.message).toMatch(/^sdkAppId: /);
    expect(error.message).toContain(fragment);
  });

  test("the admin identifier must be a plain UserID", () => {
    expect(resolveClientConfig({ ...base, adminIdentifier: "ops_admin-2" }).adminIdentifier).toBe("ops_admin-2");
    const error = configFailure({ ...base, adminIdentifier: "admin istrator" });
    expect(error.message).toMatch(/^adminIdentifier: expected 1 to 32 characters/);
    expect(configFailure({ ...base, adminIdentifier: "a".repeat(33) }).message).toContain("adminIdentifier");
  });

  test("secret key problems are reported without echoing the key", () => {
    expect(configFailure({ ...base, secretKey: undefined }).message).toMatch(/^secretKey: is required/);
    const padded = configFailure({ ...base, secretKey: ` ${KEY}\n` });
    expect(padded.message).toMatch(/^secretKey: must not start or end with whitespace/);
    expect(padded.message).not.toContain(KEY);
    expect(inspect(padded)).not.toContain(KEY);
  });

  test.each([
    ["maxAttempts", 0],
    ["maxAttempts", 2.5],
    ["requestTimeoutMs", -1],
    ["maxConcurrency", 0],
    ["maxRetryTimeMs", Number.NaN],
    ["rateLimitPerSecond", 0],
    ["rateLimitPerSecond", Number.POSITIVE_INFINITY],
  ])("%s = %p is refused, naming the setting and the rule", (setting, value) => {
    const error = configFailure({ ...base, [setting]: value });
    expect(error.message.startsWith(`${setting}: expected`)).toBe(true);
    expect(error.message).toContain(`got ${String(value)}`);
  });

  test("the resolved config never prints its secret key", () => {
    const config = resolveClientConfig(base);
    expect(String(config)).not.toContain(KEY);
    expect(JSON.stringify(config)).not.toContain(KEY);
    expect(inspect(config, { depth: 10 })).not.toContain(KEY);
    expect(inspect(config, { depth: 10, showHidden: true, customInspect: false })).not.toContain(KEY);
    expect(`${config.secretKey}`).toBe("[REDACTED]");
    expect({ ...config.secretKey }).toEqual({});
  });
});

describe("readEnvSettings", () => {
  test("reads the five documented variables and nothing else", () => {
    const env = {
      [EnvVars.sdkAppId]: "1400000000",
      [EnvVars.adminIdentifier]: "ops",
      [EnvVars.secretKey]: KEY,
      [EnvVars.region]: "tokyo",
      TENCENT_CHAT_RATE: "5",
    };
    expect(readEnvSettings(env)).toEqual({
      sdkAppId: "1400000000",
      adminIdentifier: "ops",
      secretKey: KEY,
      region: "tokyo",
    });
    expect(resolveClientConfig(readEnvSettings(env)).endpoint).toBe("https://adminapijpn.im.qcloud.com");
  });

  test("empty variables count as unset, so explicit settings can be layered on top", () => {
    const env = { [EnvVars.endpoint]: "", [EnvVars.region]: "", [EnvVars.sdkAppId]: "7" };
    const settings = { ...readEnvSettings(env), secretKey: "k3y!", endpoint: "http://127.0.0.1:5050" };
    expect(resolveClientConfig(settings)).toMatchObject({ sdkAppId: 7, endpoint: "http://127.0.0.1:5050" });
  });

  test("an invalid variable is reported under the setting it feeds", () => {
    const error = configFailure({
      ...readEnvSettings({ [EnvVars.sdkAppId]: "14e8" }),
      secretKey: KEY,
      region: "china",
    });
    expect(error.message).toBe('sdkAppId: expected a positive integer such as 1400000000, got "14e8"');
  });
});
