import { inspect } from "node:util";
import { redactText, redactUrl } from "../../provider/client/redact";
import { secret } from "../../provider/config/secret";

describe("redaction", () => {
  test("the usersig query value is replaced wherever it sits in the query", () => {
    const sig = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwokpuZl5mcUlRYkl*UVQBcUp2YkFBZkpSlaGJgZQ_";
    expect(
      redactUrl(`https://h/v4/sns/friend_get?sdkappid=1&identifier=a&usersig=${sig}&random=5&contenttype=json`),
    ).toBe("https://h/v4/sns/friend_get?sdkappid=1&identifier=a&usersig=REDACTED&random=5&contenttype=json");
    expect(redactUrl(`https://h/p?UserSig=${sig}`)).toBe("https://h/p?UserSig=REDACTED");
    expect(redactText(`request to https://h/p?a=1&usersig=${sig} failed`)).toBe(
      "request to https://h/p?a=1&usersig=REDACTED failed",
    );
  });

  test("named secrets are removed from free text; very short ones are left alone", () => {
    expect(redactText("key abcdef123 leaked twice: abcdef123", ["abcdef123"])).toBe(
      "key REDACTED leaked twice: REDACTED",
    );
    expect(redactText("a b c", ["a", undefined])).toBe("a b c");
  });

  test("a Secret prints as [REDACTED] through every printing path", () => {
    const s = secret("super-secret-value");
    expect(s.reveal()).toBe("super-secret-value");
    for (const printed of [
      String(s),
      `${s}`,
      JSON.stringify({ s }),
      inspect(s),
      inspect({ s }, { showHidden: true, depth: 5 }),
    ]) {
      expect(printed).not.toContain("super-secret-value");
    }
    expect(Object.keys(s)).toEqual([]);
  });
});
