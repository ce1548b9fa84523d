import type { FriendDataItem, TagItem } from "../commands";
import type { Clock } from "../clock";

/**
 * Who is in an account's friend list, read once (friend_get, every page: docs/rest-api.md#friend_get) and then
 * answered from memory, so that creating many friendships of one account needs one read of the list instead of one
 * read per friendship. It is a hint, never the truth a decision rests on:
 *
 * - "absent" lets a create import at once; if the friendship appeared meanwhile, the import answers 30001 and the
 *   caller confirms with a read of its own (friends/policy.ts);
 * - "present" makes the caller read the friendship itself before adopting it.
 *
 * A list is reused for `maxAgeMs` after it was read, and kept current with the writes this process makes.
 */
export interface FriendListSource {
  friendGetAll(from: string): Promise<{ friends: FriendDataItem[] }>;
}

interface CachedList {
  readAt: number;
  friends: Promise<Map<string, TagItem[]>>;
}

export class FriendListCache {
  private readonly lists = new Map<string, CachedList>();

  constructor(
    private readonly source: FriendListSource,
    private readonly clock: Clock,
    /** How long a list read from the service is trusted as a hint. Default 60 s. */
    private readonly maxAgeMs = 60_000,
  ) {}

  /** The friend's tags as the list reported them, or null when the list does not hold the friend. */
  async lookup(from: string, to: string): Promise<TagItem[] | null> {
    return (await this.list(from)).get(to) ?? null;
  }

  /** A friendship this process created. */
  noteAdded(from: string, to: string, tags: TagItem[]): void {
    void this.lists.get(from)?.friends.then(
      (friends) => friends.set(to, tags),
      () => undefined,
    );
  }

  /** A friendship this process deleted. */
  noteRemoved(from: string, to: string): void {
    void this.lists.get(from)?.friends.then(
      (friends) => friends.delete(to),
      () => undefined,
    );
  }

  private list(from: string): Promise<Map<string, TagItem[]>> {
    const now = this.clock.now();
    const cached = this.lists.get(from);
    if (cached && now - cached.readAt < this.maxAgeMs) return cached.friends;
    const friends = this.source.friendGetAll(from).then(
      (list) => new Map(list.friends.map((f) => [f.To_Account, f.ValueItem] as [string, TagItem[]])),
      (error: unknown) => {
        // A failed read is not kept: the next caller reads again.
        if (this.lists.get(from)?.friends === friends) this.lists.delete(from);
        throw error;
      },
    );
    this.lists.set(from, { readAt: now, friends });
    return friends;
  }
}
