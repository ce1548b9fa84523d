/**
 * A FriendSet and FriendRelation-style writes on the same account, in one provider process. With one shared service
 * they go through one per-account write lane, so the provider never overlaps two writes to one account and never
 * meets 30008 (docs/concurrency.md); the control shows that without sharing, the same writes do overlap.
 * Retries are off (maxAttempts 1), so a conflict shows up as a failure instead of being retried away.
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import { resolveClientConfig } from "../../provider/config/client-config";
import { FriendSetProvider } from "../../provider/friend-set/provider";
import { type Service, startService } from "../../provider/service";
import { EmulatorControl } from "../../emulator";

let emulator: RunningEmulator;
let control: EmulatorControl;
const services: Service[] = [];

function newService(): Service {
  const service = startService(resolveClientConfig({ ...emulator.clientSettings(), maxAttempts: 1 }));
  services.push(service);
  return service;
}

const setFriends = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`s${i}`, { remark: `S${i}` }]));
const relationFriends = Array.from({ length: 10 }, (_, i) => `r${i}`);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = new EmulatorControl(emulator.url);
  await control.seedAccounts(["alice", "bob", ...Object.keys(setFriends), ...relationFriends]);
  // Imports hold the account's write lock for 200 ms: two imports sent together overlap.
  await control.setFaults({ latencyMs: 200, commands: ["friend_import"] });
});

afterAll(async () => {
  for (const s of services) await s.client.close();
  await control?.close();
  await emulator?.close();
});

/** A FriendSet create and ten relation imports on `from`, started together; the outcome of each side. */
async function race(from: string, setService: Service, relationService: Service) {
  const provider = new FriendSetProvider(async () => setService);
  const [set, ...relations] = await Promise.allSettled([
    provider.create({ fromAccount: from, friends: setFriends }),
    ...relationFriends.map((to) =>
      relationService.friends.createOrAdopt(from, to, {}, { addSource: "AddSource_Type_Pulumi" }),
    ),
  ]);
  const conflicts = (await control.calls("friend_import")).filter(
    (c) => c.fromAccount === from && c.outcome.errorCode === 30008,
  );
  return { set, relations, conflicts };
}

test("shared service: the set's and the relations' writes take turns on the account, no 30008", async () => {
  const shared = newService();
  const { set, relations, conflicts } = await race("alice", shared, shared);

  expect(set.status).toBe("fulfilled");
  expect(relations.every((r) => r.status === "fulfilled")).toBe(true);
  expect(conflicts).toEqual([]);
  const friends = (await control.state()).accounts.alice.friends as unknown as Record<string, unknown>;
  expect(Object.keys(friends).sort()).toEqual([...relationFriends, ...Object.keys(setFriends)].sort());
});

test("control: with a service each, the same writes overlap and the service answers 30008", async () => {
  const { set, relations, conflicts } = await race("bob", newService(), newService());

  expect(conflicts.length).toBeGreaterThan(0);
  expect([set, ...relations].some((r) => r.status === "rejected")).toBe(true);
});
