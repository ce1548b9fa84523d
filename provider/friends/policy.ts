import { ServiceCode, SnsTag, type TagItem } from "../commands";
import { ErrorCodes, ItemFailedError, TencentChatError } from "../errors";
import type { FriendBatcher } from "../batching/friend-batcher";
import type { FriendListCache } from "../batching/friend-list-cache";
import type { Clock } from "../clock";
import type { FriendTags } from "./field-rules";
import {
  ORIGIN_TAGS,
  currentTags,
  hasTags,
  importFields,
  mergeTags,
  newlyManaged,
  tagChanges,
  tagValue,
  tagsToRead,
  withReleasedTags,
} from "./managed-tags";
import { isMarkedBy, markedWording } from "./ownership";

/**
 * What one friend entry goes through, the same for FriendRelation and FriendSet: create or adopt, update, remove or
 * clear. Every call goes through the per-account batcher, so concurrent calls of many resources share requests.
 *
 * 30001 means several things (docs/error-codes.md#ambiguous-30001): "already a friend" on import, "not a friend" on
 * update and delete. Neither is trusted alone: a read confirms it.
 */

/** How a friendship the resource creates starts: set once, at creation (docs/data-model.md#friend-fields). */
export interface FriendOrigin {
  addSource: string;
  addWording?: string;
  /** The resource's ownership mark (friends/ownership.ts); absent for resources declared before marks existed. */
  marker?: string;
}

export class FriendGoneError extends TencentChatError {
  constructor(from: string, to: string) {
    super(
      ErrorCodes.GONE,
      `friendship ${JSON.stringify(from)} → ${JSON.stringify(to)} no longer exists (removed outside Pulumi); run \`pulumi refresh\`, then \`pulumi up\` to create it again`,
    );
  }
}

function isItemFailure(error: unknown, code: number): boolean {
  return error instanceof ItemFailedError && error.resultCode === code;
}

/** What a create or adoption came to: who made the friendship, and its origin tags (AddSource, AddWording, AddTime). */
export interface Applied {
  created: boolean;
  origin: TagItem[];
  /** For an adopted friendship: the managed tags as they were before, which releasing them writes back. */
  before?: FriendTags;
}

export class FriendPolicy {
  constructor(
    private readonly batcher: FriendBatcher,
    private readonly lists: FriendListCache,
    private readonly clock: Clock,
  ) {}

  /** The tags of `to` in `from`'s list that `managed` needs (plus the origin tags and `profileTags`), or undefined. */
  async read(
    from: string,
    to: string,
    managed: FriendTags,
    profileTags: readonly string[] = [],
  ): Promise<TagItem[] | undefined> {
    const found = await this.batcher.lookup(from, to, tagsToRead(managed, profileTags));
    return found.friend ? found.tags : undefined;
  }

  async isFriend(from: string, to: string): Promise<boolean> {
    return (await this.batcher.lookup(from, to, [])).friend;
  }

  /**
   * Brings `to` into `from`'s list with the `wanted` tags. A friendship that is not there is created by one
   * friend_import that carries the tags and the resource's mark; one that is there (found by the read first, or by a
   * 30001 that a second read confirms) is adopted: only its differing tags are written. Resolves with whether the
   * resource created it: by this call, or by an earlier one that was never recorded (the friendship bears its mark).
   *
   * Whether the friendship is there is first asked of the account's friend list, read once for all its friends
   * (batching/friend-list-cache.ts): a new friendship then costs one write and no read. `known` is what a read the
   * caller already made found (`null`: not a friend). With `profileTags`, the friendship is read with them first, so a
   * tag the service refuses fails the resource before anything is written.
   */
  async createOrAdopt(
    from: string,
    to: string,
    wanted: FriendTags,
    origin: FriendOrigin,
    options: { known?: TagItem[] | null; profileTags?: readonly string[] } = {},
  ): Promise<Applied> {
    let existing = options.known;
    if (existing === undefined && (options.profileTags?.length ?? 0) === 0) {
      // Only "absent" is taken from the list; a friendship it holds is read afresh before it is adopted.
      if ((await this.lists.lookup(from, to)) === null) existing = null;
    }
    if (existing === undefined) existing = (await this.read(from, to, wanted, options.profileTags)) ?? null;
    if (existing) return this.adopt(from, to, existing, wanted, origin);
    const wording = markedWording(origin.addWording, origin.marker);
    const created: TagItem[] = [
      { Tag: SnsTag.addSource, Value: origin.addSource },
      ...(wording !== undefined ? [{ Tag: SnsTag.addWording, Value: wording }] : []),
      // Set by us rather than left to the service, so the outputs need no read-back.
      { Tag: SnsTag.addTime, Value: Math.floor(this.clock.now() / 1000) },
    ];
    try {
      await this.batcher.importFriend(from, {
        To_Account: to,
        AddSource: origin.addSource,
        ...(wording !== undefined ? { AddWording: wording } : {}),
        AddTime: tagValue(created, SnsTag.addTime) as number,
        ...importFields(wanted),
      });
      this.lists.noteAdded(from, to, created);
      return { created: true, origin: created };
    } catch (error) {
      if (!isItemFailure(error, ServiceCode.invalidParameter)) throw error;
      const raced = await this.read(from, to, wanted);
      if (!raced) throw error;
      return this.adopt(from, to, raced, wanted, origin);
    }
  }

  /** An existing friendship: only the declared tags that differ are written. It is the resource's if it bears its mark. */
  private async adopt(
    from: string,
    to: string,
    existing: TagItem[],
    wanted: FriendTags,
    origin: FriendOrigin,
  ): Promise<Applied> {
    const before = currentTags(wanted, existing);
    const changes = tagChanges(before, wanted).items;
    if (changes.length > 0) await this.update(from, to, changes);
    const created = isMarkedBy(tagValue(existing, SnsTag.addWording), origin.marker);
    return {
      created,
      origin: existing.filter((item) => ORIGIN_TAGS.includes(item.Tag)),
      ...(created ? {} : { before }),
    };
  }

  /**
   * Brings a friendship the resource keeps from its `recorded` tags to `wanted`. Tags it starts managing are read
   * first: their current value is what they change from (someone else may have set them), and on an adopted
   * friendship what they go back to when released. Tags it stops managing go back (withReleasedTags). Resolves with
   * the adopted friendship's earlier values as now known; undefined for a friendship the resource created.
   */
  async change(
    from: string,
    to: string,
    recorded: FriendTags,
    wanted: FriendTags,
    ownership: { created: boolean; before?: FriendTags },
  ): Promise<FriendTags | undefined> {
    let current = recorded;
    let before = ownership.created ? undefined : (ownership.before ?? {});
    const added = newlyManaged(recorded, wanted);
    if (hasTags(added)) {
      const items = await this.read(from, to, added);
      if (!items) throw new FriendGoneError(from, to);
      const found = currentTags(added, items);
      current = mergeTags(recorded, found);
      if (before) before = mergeTags(before, found);
    }
    const changes = tagChanges(current, withReleasedTags(recorded, wanted, before)).items;
    if (changes.length > 0) await this.update(from, to, changes);
    return before && hasTags(before) ? before : undefined;
  }

  /** Writes `items` on an existing friendship; a 30001 that a read explains as "not a friend" is FriendGoneError. */
  async update(from: string, to: string, items: TagItem[]): Promise<void> {
    try {
      await this.batcher.updateFriend(from, to, items);
    } catch (error) {
      if (isItemFailure(error, ServiceCode.invalidParameter) && !(await this.isFriend(from, to))) {
        throw new FriendGoneError(from, to);
      }
      throw error;
    }
  }

  /**
   * A friend leaving a resource: the friendship is deleted if the resource created it; an adopted one keeps existing
   * and its managed tags go back to the values they had before (`before`; empty where not known). A friendship that
   * is already gone is not an error.
   */
  async release(
    from: string,
    to: string,
    managed: FriendTags,
    ownership: { created: boolean; before?: FriendTags },
  ): Promise<void> {
    try {
      if (ownership.created) {
        await this.batcher.deleteFriend(from, to);
        this.lists.noteRemoved(from, to);
        return;
      }
      const changes = tagChanges(managed, withReleasedTags(managed, {}, ownership.before)).items;
      if (changes.length > 0) await this.batcher.updateFriend(from, to, changes);
    } catch (error) {
      if (isItemFailure(error, ServiceCode.notFriendOnDelete)) return;
      if (isItemFailure(error, ServiceCode.invalidParameter) && !(await this.isFriend(from, to))) return;
      throw error;
    }
  }
}
