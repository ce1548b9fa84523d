/**
 * The batcher's contract (DataLoader's, plus one write in flight per account), against an in-memory fake of the
 * four friend calls that records every request. The same behaviour over HTTP is covered in test/provider/batching.
 */
import { Coalescer } from "../../provider/batching/coalescer";
import { type FriendApi, FriendBatcher, type ImportItem } from "../../provider/batching/friend-batcher";
import type { FriendInfoItem, ResultItem, TagItem } from "../../provider/commands";
import { ItemFailedError } from "../../provider/errors";

interface Call {
  command: string;
  from: string;
  accounts: string[];
  tags?: string[];
}

/** A friend store with the service's per-item answers, counting requests and overlapping writes per account. */
class FakeFriends implements FriendApi {
  readonly calls: Call[] = [];
  readonly friends = new Map<string, Map<string, TagItem[]>>();
  readonly imported = new Set<string>(["alice", "bob", "carol", "dave"]);
  private readonly writing = new Set<string>();
  overlappingWrites = 0;
  /** Tags a friend_get_list may not name (an unconfigured custom field fails the whole request). */
  unknownTags = new Set<string>();

  private listOf(from: string): Map<string, TagItem[]> {
    let list = this.friends.get(from);
    if (!list) this.friends.set(from, (list = new Map()));
    return list;
  }

  private async write<T>(from: string, run: () => T): Promise<T> {
    if (this.writing.has(from)) this.overlappingWrites += 1;
    this.writing.add(from);
    await new Promise((resolve) => setTimeout(resolve, 3));
    this.writing.delete(from);
    return run();
  }

  async friendImport(from: string, items: ImportItem[]): Promise<ResultItem[]> {
    this.calls.push({ command: "friend_import", from, accounts: items.map((i) => i.To_Account) });
    return this.write(from, () =>
      items.map((item) => {
        if (!this.imported.has(item.To_Account))
          return { To_Account: item.To_Account, ResultCode: 30003, ResultInfo: "Err_To_Account_Not_Exist" };
        if (this.listOf(from).has(item.To_Account))
          return { To_Account: item.To_Account, ResultCode: 30001, ResultInfo: "Err_Friend_Exist" };
        this.listOf(from).set(item.To_Account, []);
        return { To_Account: item.To_Account, ResultCode: 0, ResultInfo: "" };
      }),
    );
  }

  async friendUpdate(from: string, items: Array<{ To_Account: string; SnsItem: TagItem[] }>): Promise<ResultItem[]> {
    this.calls.push({ command: "friend_update", from, accounts: items.map((i) => i.To_Account) });
    return this.write(from, () =>
      items
        .map((item) => {
          if (!this.listOf(from).has(item.To_Account))
            return { To_Account: item.To_Account, ResultCode: 30001, ResultInfo: "Err_Not_Friend" };
          this.listOf(from).set(item.To_Account, item.SnsItem);
          return { To_Account: item.To_Account, ResultCode: 0, ResultInfo: "" };
        })
        // The service does not promise to answer in request order.
        .reverse(),
    );
  }

  async friendDelete(from: string, toAccounts: string[]): Promise<ResultItem[]> {
    this.calls.push({ command: "friend_delete", from, accounts: toAccounts });
    return this.write(from, () =>
      toAccounts.map((to) => ({
        To_Account: to,
        ResultCode: this.listOf(from).delete(to) ? 0 : 31704,
        ResultInfo: "",
      })),
    );
  }

  async friendGetList(from: string, toAccounts: string[], tagList: string[]): Promise<FriendInfoItem[]> {
    this.calls.push({ command: "friend_get_list", from, accounts: toAccounts, tags: tagList });
    await new Promise((resolve) => setTimeout(resolve, 1));
    const bad = tagList.find((t) => this.unknownTags.has(t));
    if (bad) throw new Error(`friend_get_list failed with ErrorCode 30001 (unknown tag ${bad})`);
    return toAccounts.map((to) => {
      const tags = this.listOf(from).get(to);
      return tags
        ? { To_Account: to, SnsProfileItem: tags.filter((t) => tagList.includes(t.Tag)), ResultCode: 0, ResultInfo: "" }
        : {
            To_Account: to,
            SnsProfileItem: [],
            ResultCode: 30001,
            ResultInfo: "Err_SNS_FriendGetList_Friend_Not_Exist",
          };
    });
  }
}

const remark = (value: string): TagItem[] => [{ Tag: "Tag_SNS_IM_Remark", Value: value }];

describe("FriendBatcher", () => {
  test("concurrent operations on one account share requests, and each caller gets its own result", async () => {
    const api = new FakeFriends();
    const batcher = new FriendBatcher(api, { windowMs: 2 });
    const tos = ["bob", "carol", "dave"];
    await Promise.all(
      tos.map((to) => batcher.importFriend("alice", { To_Account: to, AddSource: "AddSource_Type_Pulumi" })),
    );
    await Promise.all(tos.map((to) => batcher.updateFriend("alice", to, remark(`hi ${to}`))));
    const found = await Promise.all(tos.map((to) => batcher.lookup("alice", to, ["Tag_SNS_IM_Remark"])));

    expect(found).toEqual(tos.map((to) => ({ friend: true, tags: remark(`hi ${to}`) })));
    expect(api.calls.map((c) => [c.command, c.accounts.length])).toEqual([
      ["friend_import", 3],
      ["friend_update", 3],
      ["friend_get_list", 3],
    ]);
  });

  test("one failed item rejects only its own caller, with the service's ResultCode and ResultInfo", async () => {
    const api = new FakeFriends();
    const batcher = new FriendBatcher(api, { windowMs: 2 });
    const results = await Promise.allSettled(
      ["bob", "ghost", "carol"].map((to) =>
        batcher.importFriend("alice", { To_Account: to, AddSource: "AddSource_Type_Pulumi" }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const reason = (results[1] as PromiseRejectedResult).reason as ItemFailedError;
    expect(reason).toBeInstanceOf(ItemFailedError);
    expect(reason).toMatchObject({
      code: "ITEM_FAILED",
      command: "friend_import",
      toAccount: "ghost",
      resultCode: 30003,
      resultInfo: "Err_To_Account_Not_Exist",
    });
    expect(reason.message).toBe(
      'friend_import "alice" → "ghost" failed with ResultCode 30003 (Err_To_Account_Not_Exist)',
    );
    expect(api.calls).toHaveLength(1);
  });

  test("writes to one account never overlap, while different accounts proceed side by side", async () => {
    const api = new FakeFriends();
    const batcher = new FriendBatcher(api, { windowMs: 1 });
    for (const from of ["alice", "bob"])
      for (const to of ["carol", "dave"]) await batcher.importFriend(from, { To_Account: to });
    api.calls.length = 0;
    // Many rounds of writes from many callers, mixed commands, two accounts.
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const from = i % 2 ? "alice" : "bob";
        const to = i % 4 < 2 ? "carol" : "dave";
        await batcher.updateFriend(from, to, remark(`r${i}`));
      }),
    );
    expect(api.overlappingWrites).toBe(0);
    // The same To_Account never appears twice in one request: its updates stay in submission order.
    for (const call of api.calls) expect(new Set(call.accounts).size).toBe(call.accounts.length);
    expect((await batcher.lookup("alice", "carol", ["Tag_SNS_IM_Remark"])).friend).toBe(true);
  });

  test("a lookup of someone who is not a friend says so instead of failing", async () => {
    const batcher = new FriendBatcher(new FakeFriends(), { windowMs: 1 });
    await expect(batcher.lookup("alice", "bob", [])).resolves.toEqual({ friend: false });
  });

  test("merged reads that fail as a whole are asked again per tag set, so a bad tag fails only its own caller", async () => {
    const api = new FakeFriends();
    api.unknownTags.add("Tag_SNS_Custom_Nope");
    const batcher = new FriendBatcher(api, { windowMs: 2 });
    await batcher.importFriend("alice", { To_Account: "bob" });
    await batcher.importFriend("alice", { To_Account: "carol" });
    api.calls.length = 0;
    const [good, bad] = await Promise.allSettled([
      batcher.lookup("alice", "bob", ["Tag_SNS_IM_Remark"]),
      batcher.lookup("alice", "carol", ["Tag_SNS_Custom_Nope"]),
    ]);
    expect(good).toEqual({ status: "fulfilled", value: { friend: true, tags: [] } });
    expect(bad.status).toBe("rejected");
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/unknown tag Tag_SNS_Custom_Nope/);
    expect(api.calls.map((c) => c.accounts)).toEqual([["bob", "carol"], ["bob"], ["carol"]]);
  });

  test("an update with nothing to change sends nothing", async () => {
    const api = new FakeFriends();
    await new FriendBatcher(api, { windowMs: 1 }).updateFriend("alice", "bob", []);
    expect(api.calls).toEqual([]);
  });
});

describe("Coalescer", () => {
  test("batches never exceed the group's limit and keep item order", async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, number>({
      windowMs: 1,
      groupOf: () => "g",
      maxBatch: () => 4,
      dedupeKey: (n) => String(n),
      run: async (_lane, _group, items) => {
        batches.push(items);
        return items.map((n) => ({ ok: true, value: n * 10 }));
      },
    });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => c.submit("lane", i)));
    expect(results).toEqual(Array.from({ length: 10 }, (_, i) => i * 10));
    expect(batches.every((b) => b.length <= 4)).toBe(true);
    expect(batches.flat()).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(c.activeLanes).toBe(0);
  });

  test("a batch that fails as a whole rejects every caller in it, and the lane keeps working", async () => {
    let fail = true;
    const c = new Coalescer<string, string>({
      windowMs: 1,
      groupOf: () => "g",
      maxBatch: () => 10,
      dedupeKey: (s) => s,
      run: async (_lane, _group, items) => {
        if (fail) throw new Error("whole request refused");
        return items.map((s) => ({ ok: true, value: s.toUpperCase() }));
      },
    });
    const failed = await Promise.allSettled([c.submit("l", "a"), c.submit("l", "b")]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await expect(c.submit("l", "c")).resolves.toBe("C");
  });

  test("a result missing from a batch rejects its caller instead of hanging", async () => {
    const c = new Coalescer<string, string>({
      windowMs: 1,
      groupOf: () => "g",
      maxBatch: () => 10,
      dedupeKey: (s) => s,
      run: async () => [{ ok: true, value: "only one" }],
    });
    const [a, b] = await Promise.allSettled([c.submit("l", "a"), c.submit("l", "b")]);
    expect(a).toEqual({ status: "fulfilled", value: "only one" });
    expect(b.status).toBe("rejected");
  });
});
