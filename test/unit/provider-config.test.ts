import { providerSettings, resolveProviderConfig } from "../../provider/config/provider-config";
import { ConfigKeys } from "../../provider/config/settings";
import { ConfigError } from "../../provider/errors";

/** The host's Config: `get` takes the full `namespace:key`. */
function stack(values: Record<string, string>) {
  return { get: (key: string) => values[key] };
}

const complete = {
  [ConfigKeys.sdkAppId]: "1400000000",
  [ConfigKeys.secretKey]: "stack-secret-key",
  [ConfigKeys.endpoint]: "http://127.0.0.1:5050",
};

describe("provider configuration", () => {
  test("reads the tencent-chat:* stack keys", () => {
    const config = resolveProviderConfig(stack({ ...complete, [ConfigKeys.adminIdentifier]: "ops_admin" }), {});
    expect(config).toMatchObject({
      sdkAppId: 1400000000,
      adminIdentifier: "ops_admin",
      endpoint: "http://127.0.0.1:5050",
    });
    expect(config.secretKey.reveal()).toBe("stack-secret-key");
  });

  test("falls back to the environment key by key, the stack winning", () => {
    const settings = providerSettings(stack({ [ConfigKeys.sdkAppId]: "1400000001" }), {
      TENCENT_CHAT_SDKAPPID: "1400000002",
      TENCENT_CHAT_SECRET_KEY: "env-secret",
      TENCENT_CHAT_ENDPOINT: "http://127.0.0.1:1",
    });
    expect(settings).toEqual({ sdkAppId: 1400000001, secretKey: "env-secret", endpoint: "http://127.0.0.1:1" });
  });

  test("region and endpoint are one choice: a stack region hides the environment's endpoint", () => {
    const settings = providerSettings(stack({ [ConfigKeys.region]: "singapore" }), {
      TENCENT_CHAT_ENDPOINT: "http://127.0.0.1:1",
      TENCENT_CHAT_SECRET_KEY: "k",
    });
    expect(settings).toEqual({ region: "singapore", secretKey: "k" });
    expect(
      resolveProviderConfig(stack({ ...complete, [ConfigKeys.endpoint]: "", [ConfigKeys.region]: "singapore" }), {})
        .endpoint,
    ).toBe("https://adminapisgp.im.qcloud.com");
  });

  test("every missing setting is named with its stack key and environment variable", () => {
    const attempt = () => resolveProviderConfig(stack({}), {});
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      "tencent-chat configuration: sdkAppId is required (set stack config tencent-chat:sdkAppId or env TENCENT_CHAT_SDKAPPID); " +
        "secretKey is required (set stack config tencent-chat:secretKey or env TENCENT_CHAT_SECRET_KEY); " +
        "region or endpoint is required (set stack config tencent-chat:region or env TENCENT_CHAT_REGION; or stack config tencent-chat:endpoint or env TENCENT_CHAT_ENDPOINT)",
    );
  });

  test("an invalid value is named with the rule and where it is set, without echoing the secret key", () => {
    expect(() => resolveProviderConfig(stack({ ...complete, [ConfigKeys.sdkAppId]: "abc" }), {})).toThrow(
      /^tencent-chat configuration: sdkAppId: expected a positive integer such as 1400000000, got "abc" \(set stack config tencent-chat:sdkAppId/,
    );
    const padded = " stack-secret-key ";
    let message = "";
    try {
      resolveProviderConfig(stack({ ...complete, [ConfigKeys.secretKey]: padded }), {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/secretKey: must not start or end with whitespace/);
    expect(message).not.toContain("stack-secret-key");
  });

  test("the resolved configuration prints without its secret key", () => {
    const config = resolveProviderConfig(stack(complete), {});
    expect(JSON.stringify(config)).not.toContain("stack-secret-key");
    expect(String(config)).not.toContain("stack-secret-key");
  });
});
