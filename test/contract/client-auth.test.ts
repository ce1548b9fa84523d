/**
 * Authentication as a user meets it: a wrong secret key is a clear, non-retried error that shows no secret, and
 * UserSigs are renewed across expiry, before it (renewal ahead of time) or after the service says 70001.
 */
import { inspect } from "node:util";
import { ChatApiError } from "../../provider/errors";
import type { Clock } from "../../provider/clock";
import { type Harness, rejection, startHarness } from "../helpers/harness";

const WRONG_KEY = "0000000000000000000000000000000000000000000000000000000000000bad";

describe("a wrong secret key", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.control.seedAccounts(["alice"]);
  });
  afterAll(() => h.close());

  test("surfaces as ChatApiError 70009 naming the likely cause, sent once, with no key or UserSig in sight", async () => {
    await h.control.clearCalls();
    const client = h.client({ secretKey: WRONG_KEY });
    const error = (await rejection(client.friendGetAll("alice"))) as ChatApiError;
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ serviceCode: 70009, command: "friend_get", retryable: false });
    expect(error.message).toMatch(/secret key does not match this SDKAppID/);
    expect(error.message).toContain("TENCENT_CHAT_SECRET_KEY");
    expect(await h.control.calls()).toHaveLength(1);

    const printed = [
      error.message,
      String(error),
      error.stack ?? "",
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      inspect(client, { depth: 10 }),
    ];
    for (const text of printed) {
      expect(text).not.toContain(WRONG_KEY);
      expect(text).not.toMatch(/usersig=(?!REDACTED)/i);
      // A UserSig is long base64 starting with the zlib header "eJ".
      expect(text).not.toMatch(/eJ[A-Za-z0-9*_-]{40,}/);
    }
    expect(error.url).toMatch(/usersig=REDACTED/);
  });

  test("the right key on the same emulator works", async () => {
    await expect(h.client().friendGetAll("alice")).resolves.toMatchObject({ friendNum: 0 });
  });
});

describe("UserSig renewal across expiry", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.control.seedAccounts(["alice"]);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    // Only Date is faked: the signer, the emulator's verifier and the client's clock all read it, while real timers
    // and sockets keep running.
    jest.useFakeTimers({
      doNotFake: [
        "nextTick",
        "setImmediate",
        "clearImmediate",
        "setInterval",
        "clearInterval",
        "setTimeout",
        "clearTimeout",
        "queueMicrotask",
        "hrtime",
        "performance",
      ],
    });
    await h.control.clearCalls();
  });
  afterEach(() => jest.useRealTimers());

  const outcomes = async () => (await h.control.calls("friend_get")).map((c) => c.outcome.errorCode);

  test("a client renews its UserSig before it expires: no call ever meets 70001", async () => {
    const client = h.client({}, { userSigTtlSeconds: 120 });
    await client.friendGetAll("alice");
    // 70 s later the sig still has 50 s of validity, but less than half its life: it is renewed ahead of time.
    jest.setSystemTime(Date.now() + 70_000);
    await client.friendGetAll("alice");
    jest.setSystemTime(Date.now() + 100_000);
    await client.friendGetAll("alice");
    expect(await outcomes()).toEqual([0, 0, 0]);
  });

  test("a UserSig that expired anyway (70001) is replaced and the call re-sent once", async () => {
    // A client whose clock stands still never renews on its own, as if the process slept past the sig's expiry.
    const frozen: Clock = { now: () => 1_000 };
    const client = h.client({}, { userSigTtlSeconds: 60, clock: frozen });
    await client.friendGetAll("alice");
    jest.setSystemTime(Date.now() + 61_000);
    await expect(client.friendGetAll("alice")).resolves.toMatchObject({ friendNum: 0 });
    expect(await outcomes()).toEqual([0, 70001, 0]);
  });
});
