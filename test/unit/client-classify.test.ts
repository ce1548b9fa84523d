import { classify, isRetryableItemCode } from "../../provider/client/classify";
import type { Failure } from "../../provider/client/classify";

const service = (errorCode: number): Failure => ({ kind: "service", errorCode });

describe("classify: the retry policy table", () => {
  test.each([30006, 30007, 40006, 70169, 70202, 70500])(
    "service code %i is transient and retried for any command",
    (code) => {
      for (const retrySafe of [true, false]) {
        expect(classify(service(code), retrySafe)).toEqual({
          class: "transient",
          retry: true,
          retryable: true,
          outcomeUnknown: false,
        });
      }
    },
  );

  test.each([60007, 60011, 60018, 60019])("service code %i is throttling", (code) => {
    expect(classify(service(code), false)).toMatchObject({ class: "throttled", retry: true });
  });

  test("30008 is a write conflict, retried", () => {
    expect(classify(service(30008), false)).toMatchObject({ class: "conflict", retry: true, outcomeUnknown: false });
  });

  test("60008 (service timeout) may hide an applied write: retried only for retry-safe commands (docs/error-codes.md#gateway-codes-60xxx)", () => {
    expect(classify(service(60008), true)).toEqual({
      class: "transient",
      retry: true,
      retryable: true,
      outcomeUnknown: true,
    });
    expect(classify(service(60008), false)).toEqual({
      class: "transient",
      retry: false,
      retryable: true,
      outcomeUnknown: true,
    });
  });

  test.each([70001, 70052])("service code %i asks for a new UserSig", (code) => {
    expect(classify(service(code), false)).toMatchObject({ class: "resign", retry: true });
  });

  test.each([
    30001, 30003, 30004, 31704, 40001, 60002, 60003, 60004, 60006, 60009, 60010, 70002, 70003, 70009, 70013, 70014,
    70402, 99999,
  ])("service code %i is permanent: parameter, permission, auth or unknown", (code) => {
    expect(classify(service(code), true)).toEqual({
      class: "permanent",
      retry: false,
      retryable: false,
      outcomeUnknown: false,
    });
  });

  test("HTTP 5xx and non-JSON bodies are transient, but may have been applied", () => {
    for (const failure of [
      { kind: "http-status", status: 502 },
      { kind: "http-status", status: 500 },
      { kind: "invalid-response", json: false },
    ] as Failure[]) {
      expect(classify(failure, true)).toEqual({
        class: "transient",
        retry: true,
        retryable: true,
        outcomeUnknown: true,
      });
      expect(classify(failure, false)).toEqual({
        class: "transient",
        retry: false,
        retryable: true,
        outcomeUnknown: true,
      });
    }
  });

  test("HTTP 408, 429 and 503 are refusals before processing, retried for any command", () => {
    for (const status of [408, 429, 503])
      expect(classify({ kind: "http-status", status }, false)).toMatchObject({
        class: "throttled",
        retry: true,
        outcomeUnknown: false,
      });
  });

  test("other HTTP statuses and well-formed JSON of the wrong shape are permanent", () => {
    expect(classify({ kind: "http-status", status: 404 }, true).retry).toBe(false);
    expect(classify({ kind: "invalid-response", json: true }, true)).toMatchObject({
      class: "permanent",
      retry: false,
    });
  });

  test("a connection that failed before sending is retried for any command", () => {
    expect(classify({ kind: "connection", sent: false }, false)).toMatchObject({ retry: true, outcomeUnknown: false });
    expect(classify({ kind: "timeout", sent: false }, false)).toMatchObject({ retry: true, outcomeUnknown: false });
  });

  test("a dropped connection or timeout after sending is re-sent only for retry-safe commands", () => {
    for (const kind of ["connection", "timeout"] as const) {
      expect(classify({ kind, sent: true }, true)).toMatchObject({
        retry: true,
        retryable: true,
        outcomeUnknown: true,
      });
      expect(classify({ kind, sent: true }, false)).toMatchObject({
        retry: false,
        retryable: true,
        outcomeUnknown: true,
      });
    }
  });
});

describe("isRetryableItemCode (docs/concurrency.md#what-the-client-and-emulator-do)", () => {
  test("transient and conflict item codes are re-sent; success and refusals are not", () => {
    expect([30006, 30007, 30008, 40006].every(isRetryableItemCode)).toBe(true);
    expect([0, 30001, 30010, 30539, 31704, 30515].some(isRetryableItemCode)).toBe(false);
  });
});
