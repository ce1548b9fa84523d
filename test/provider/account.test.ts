/**
 * Account through the Pulumi SDK's own dynamic-provider host, against the emulator: create imports or adopts, the
 * profile fields it manages, coalesced account calls, refresh, update, and a delete that removes only what the
 * resource imported. Checked against the emulator's real state and call log.
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import {
  CheckFailedError,
  Engine,
  type Props,
  ProviderHost,
  type ResourceState,
  stackConfigFor,
} from "../../scripts/provider-host";
import { serializeProvider } from "../../scripts/serialize-provider";
import { ChatClient } from "../../provider/client/client";
import { resolveClientConfig } from "../../provider/config/client-config";
import { EmulatorControl } from "../../emulator";

jest.setTimeout(120_000);

let emulator: RunningEmulator;
let control: EmulatorControl;
let host: ProviderHost;
let engine: Engine;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, customProfileTags: ["Team"] });
  control = new EmulatorControl(emulator.url);
  host = await ProviderHost.start({ providerText: (await serializeProvider("account")).text });
  await host.configure(stackConfigFor(emulator.clientSettings()));
  engine = new Engine(host);
});

afterAll(async () => {
  await host?.close();
  await control?.close();
  await emulator?.close();
});

beforeEach(async () => {
  await control.reset();
});

async function account(userId: string): Promise<{ profile: Record<string, unknown> } | undefined> {
  return (await control.state()).accounts[userId] as unknown as { profile: Record<string, unknown> } | undefined;
}

async function commands(): Promise<Record<string, number[]>> {
  const counts: Record<string, number[]> = {};
  for (const call of await control.calls()) (counts[call.command] ??= []).push(call.itemCount);
  return counts;
}

test("create imports a new account with its profile; destroy removes it", async () => {
  const state = await engine.create({
    userId: "alice",
    nick: "Alice",
    faceUrl: "https://example.com/a.png",
    profile: { Tag_Profile_IM_Gender: "Gender_Type_Female", Tag_Profile_Custom_Team: "payments" },
  });
  expect(state.id).toBe("alice");
  expect(state.outputs).toMatchObject({ userId: "alice", nick: "Alice", createdByResource: true });
  expect((await account("alice"))?.profile).toEqual({
    Tag_Profile_IM_Nick: "Alice",
    Tag_Profile_IM_Image: "https://example.com/a.png",
    Tag_Profile_IM_Gender: "Gender_Type_Female",
    Tag_Profile_Custom_Team: "payments",
  });

  await engine.destroy(state);
  expect(await account("alice")).toBeUndefined();
});

test("an existing account is adopted: only differing fields are written; destroy keeps it, as it was before", async () => {
  await control.seedAccounts([{ userId: "bob", nick: "Bob" }]);
  await control.clearCalls();
  const state = await engine.create({ userId: "bob", nick: "Bob", profile: { Tag_Profile_IM_Location: "Shenzhen" } });
  expect(state.outputs).toMatchObject({ nick: "Bob", createdByResource: false });
  const sets = (await control.calls("portrait_set")).map((c) => c.body);
  expect(sets).toEqual([{ From_Account: "bob", ProfileItem: [{ Tag: "Tag_Profile_IM_Location", Value: "Shenzhen" }] }]);

  await engine.destroy(state);
  const bob = await account("bob");
  expect(bob?.profile.Tag_Profile_IM_Nick).toBe("Bob");
  expect(bob?.profile.Tag_Profile_IM_Location ?? "").toBe("");
});

test("an adopted account's fields go back to what someone else had set, when released or destroyed", async () => {
  await control.seedAccounts([{ userId: "erin", nick: "Erin by hand" }]);
  const created = await engine.create({ userId: "erin", nick: "Erin" });
  expect((await account("erin"))?.profile.Tag_Profile_IM_Nick).toBe("Erin");

  // No longer managing the nick gives it back; the level, managed from now on, is read first.
  const direct = new ChatClient(resolveClientConfig({ ...emulator.clientSettings(), maxAttempts: 1 }));
  await direct.portraitSet("erin", [{ Tag: "Tag_Profile_IM_Level", Value: 7 }]);
  await direct.close();
  const { state } = await engine.up(created, { userId: "erin", profile: { Tag_Profile_IM_Level: 9 } });
  expect((await account("erin"))?.profile).toMatchObject({
    Tag_Profile_IM_Nick: "Erin by hand",
    Tag_Profile_IM_Level: 9,
  });

  await engine.destroy(state);
  expect((await account("erin"))?.profile).toMatchObject({
    Tag_Profile_IM_Nick: "Erin by hand",
    Tag_Profile_IM_Level: 7,
  });
});

test("150 accounts created together share account_check and multiaccount_import calls of up to 100", async () => {
  const ids = Array.from({ length: 150 }, (_, i) => `u${i}`);
  await control.clearCalls();
  const states = await Promise.all(ids.map((userId) => engine.create({ userId })));
  const counts = await commands();
  expect(counts.account_check.reduce((a, b) => a + b, 0)).toBe(150);
  expect(counts.account_check.length).toBeLessThanOrEqual(4);
  expect(counts.multiaccount_import.reduce((a, b) => a + b, 0)).toBe(150);
  expect(counts.multiaccount_import.length).toBeLessThanOrEqual(4);
  expect(Object.keys((await control.state()).accounts)).toHaveLength(150);
  await Promise.all(states.map((s) => engine.destroy(s)));
  expect(Object.keys((await control.state()).accounts)).toHaveLength(0);
});

test("update writes only what changed; a field no longer declared is set back to unset; refresh reports drift", async () => {
  let state: ResourceState = await engine.create({
    userId: "carol",
    nick: "Carol",
    profile: { Tag_Profile_IM_Gender: "Gender_Type_Female", Tag_Profile_IM_Level: 3 },
  });
  await control.clearCalls();
  const next: Props = { userId: "carol", nick: "Carol", profile: { Tag_Profile_IM_Level: 4 } };
  const { state: updated, diff } = await engine.up(state, next);
  expect(diff.changes).toBe("some");
  expect((await control.calls("portrait_set")).map((c) => c.body)).toEqual([
    {
      From_Account: "carol",
      ProfileItem: [
        { Tag: "Tag_Profile_IM_Gender", Value: "Gender_Type_Unknown" },
        { Tag: "Tag_Profile_IM_Level", Value: 4 },
      ],
    },
  ]);
  state = updated;
  expect((await engine.up(state, next)).diff.changes).toBe("none");

  // Someone renames carol by hand: refresh shows it, and the next up puts the declared nick back.
  await control.seedAccounts([{ userId: "carol", nick: "Caz" }]);
  const refreshed = await engine.refresh(state);
  expect(refreshed?.outputs).toMatchObject({ nick: "Caz" });
  const repaired = await engine.up(refreshed!, next);
  expect(repaired.diff.changes).toBe("some");
  expect((await account("carol"))?.profile.Tag_Profile_IM_Nick).toBe("Carol");
  await engine.destroy(repaired.state);
});

test("an app whose plan refuses account deletion keeps the account, with its managed fields cleared", async () => {
  const strict = await startEmulator({ port: 0, accountDeletion: false });
  const strictHost = await ProviderHost.start({ providerText: host.providerText });
  try {
    await strictHost.configure(stackConfigFor(strict.clientSettings()));
    const strictEngine = new Engine(strictHost);
    const state = await strictEngine.create({ userId: "dave", nick: "Dave" });
    await strictEngine.destroy(state);
    const snapshot = await new EmulatorControl(strict.url).state();
    expect(snapshot.accounts.dave).toBeDefined();
    expect(snapshot.accounts.dave.profile.Tag_Profile_IM_Nick ?? "").toBe("");
  } finally {
    await strictHost.close();
    await strict.close();
  }
});

test("check names the property and the rule; nothing is sent", async () => {
  await control.clearCalls();
  const failure = await engine
    .create({
      userId: "erin",
      nik: "Erin",
      profile: { Tag_Profile_IM_Gender: "female", Tag_Profile_IM_Nick: "x", Tag_Profile_IM_Location: "x".repeat(17) },
    })
    .catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(CheckFailedError);
  expect((failure as CheckFailedError).failures).toEqual(
    expect.arrayContaining([
      { property: "nik", reason: expect.stringContaining('did you mean "nick"') },
      {
        property: "profile.Tag_Profile_IM_Gender",
        reason: expect.stringContaining("must be one of Gender_Type_Unknown"),
      },
      { property: "profile.Tag_Profile_IM_Nick", reason: "set nick instead" },
      { property: "profile.Tag_Profile_IM_Location", reason: "must be at most 16 bytes (UTF-8), got 17 bytes" },
    ]),
  );
  expect(await control.calls()).toEqual([]);
});
