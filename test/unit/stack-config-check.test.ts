import { stackConfigProblem } from "../../provider/host/resource-options";

describe("the tencent-chat:* stack config, checked in the program", () => {
  test("a key that is no setting is named with the closest one", () => {
    expect(stackConfigProblem({ "tencent-chat:secretkey": "k", "tencent-chat:regoin": "singapore" })).toBe(
      [
        'tencent-chat configuration: unknown stack config key tencent-chat:secretkey (did you mean "tencent-chat:secretKey"?)',
        'tencent-chat configuration: unknown stack config key tencent-chat:regoin (did you mean "tencent-chat:region"?)',
      ].join("\n"),
    );
  });

  test("a value breaking its rule is named, the secret never echoed; what is left out is not judged", () => {
    expect(stackConfigProblem({ "tencent-chat:region": "atlantis" })).toMatch(
      /^tencent-chat configuration: region: expected one of china, singapore, .*got "atlantis" \(stack config tencent-chat:region\)$/,
    );
    expect(stackConfigProblem({ "tencent-chat:secretKey": " padded " })).toBe(
      "tencent-chat configuration: secretKey: must not start or end with whitespace (a copy-paste slip?) (stack config tencent-chat:secretKey)",
    );
    expect(stackConfigProblem({ "tencent-chat:endpoint": "http://127.0.0.1:5050" })).toBeUndefined();
    expect(stackConfigProblem({ "other:key": "x" })).toBeUndefined();
  });
});
