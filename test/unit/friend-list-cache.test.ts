import { FriendListCache } from "../../provider/batching/friend-list-cache";
import type { FriendDataItem } from "../../provider/commands";

/** A friend_get source counting its reads, with a list that can change behind the cache's back. */
function source(initial: Record<string, string[]>) {
  const lists = new Map(Object.entries(initial));
  let reads = 0;
  let failNext = false;
  return {
    lists,
    get reads() {
      return reads;
    },
    failOnce() {
      failNext = true;
    },
    async friendGetAll(from: string): Promise<{ friends: FriendDataItem[] }> {
      reads += 1;
      if (failNext) {
        failNext = false;
        throw new Error("friend_get failed");
      }
      return {
        friends: (lists.get(from) ?? []).map((to) => ({
          To_Account: to,
          ValueItem: [{ Tag: "Tag_SNS_IM_Remark", Value: to }],
        })),
      };
    },
  };
}

describe("the friend list cache", () => {
  test("one read of an account's list answers every lookup of its friends, however many arrive together", async () => {
    const src = source({ alice: ["bob"] });
    const cache = new FriendListCache(src, { now: () => 0 });
    const found = await Promise.all(["bob", "carol", "dave"].map((to) => cache.lookup("alice", to)));
    expect(found).toEqual([[{ Tag: "Tag_SNS_IM_Remark", Value: "bob" }], null, null]);
    expect(src.reads).toBe(1);
  });

  test("a list is read again once it is older than maxAgeMs", async () => {
    let now = 0;
    const src = source({ alice: [] });
    const cache = new FriendListCache(src, { now: () => now }, 1000);
    expect(await cache.lookup("alice", "bob")).toBeNull();
    src.lists.set("alice", ["bob"]);
    now = 999;
    expect(await cache.lookup("alice", "bob")).toBeNull();
    now = 1000;
    expect(await cache.lookup("alice", "bob")).not.toBeNull();
    expect(src.reads).toBe(2);
  });

  test("the process's own writes keep it current", async () => {
    const src = source({ alice: ["bob"] });
    const cache = new FriendListCache(src, { now: () => 0 });
    await cache.lookup("alice", "bob");
    cache.noteAdded("alice", "carol", []);
    cache.noteRemoved("alice", "bob");
    expect(await cache.lookup("alice", "carol")).toEqual([]);
    expect(await cache.lookup("alice", "bob")).toBeNull();
    expect(src.reads).toBe(1);
  });

  test("a failed read is not kept: the next lookup reads again", async () => {
    const src = source({ alice: ["bob"] });
    src.failOnce();
    const cache = new FriendListCache(src, { now: () => 0 });
    await expect(cache.lookup("alice", "bob")).rejects.toThrow("friend_get failed");
    expect(await cache.lookup("alice", "bob")).not.toBeNull();
    expect(src.reads).toBe(2);
  });
});
