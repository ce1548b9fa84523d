import { ServiceCode, SnsTag, type TagItem } from "../commands";
import { ErrorCodes, ItemFailedError, TencentChatError } from "../errors";
import type { FriendBatcher } from "../batching/friend-batcher";
import type { FriendTags } from "./field-rules";
import { currentTags, importFields, tagChanges, tagValue, tagsToRead } from "./managed-tags";
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

export class FriendPolicy {
  constructor(private readonly batcher: FriendBatcher) {}

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
   * `known` is what a read the caller already made found (`null`: not a friend), so a caller handling many friends
   * can read them all first and then send every write together. The read also names `profileTags`, so a tag the
   * service refuses fails the resource before anything is written.
   */
  async createOrAdopt(
    from: string,
    to: string,
    wanted: FriendTags,
    origin: FriendOrigin,
    options: { known?: TagItem[] | null; profileTags?: readonly string[] } = {},
  ): Promise<{ created: boolean }> {
    const existing =
      options.known !== undefined ? options.known : await this.read(from, to, wanted, options.profileTags);
    if (existing) {
      await this.adopt(from, to, existing, wanted);
      return { created: isMarkedBy(tagValue(existing, SnsTag.addWording), origin.marker) };
    }
    const wording = markedWording(origin.addWording, origin.marker);
    try {
      await this.batcher.importFriend(from, {
        To_Account: to,
        AddSource: origin.addSource,
        ...(wording !== undefined ? { AddWording: wording } : {}),
        ...importFields(wanted),
      });
      return { created: true };
    } catch (error) {
      if (!isItemFailure(error, ServiceCode.invalidParameter)) throw error;
      const raced = await this.read(from, to, wanted);
      if (!raced) throw error;
      await this.adopt(from, to, raced, wanted);
      return { created: isMarkedBy(tagValue(raced, SnsTag.addWording), origin.marker) };
    }
  }

  private async adopt(from: string, to: string, existing: TagItem[], wanted: FriendTags): Promise<void> {
    await this.update(from, to, tagChanges(currentTags(wanted, existing), wanted).items);
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
   * A friend leaving a resource: the friendship is deleted if the resource created it, otherwise only the tags it
   * managed are cleared. A friendship that is already gone is not an error.
   */
  async removeOrClear(from: string, to: string, created: boolean, managed: FriendTags): Promise<void> {
    try {
      if (created) await this.batcher.deleteFriend(from, to);
      else await this.batcher.updateFriend(from, to, tagChanges(managed, {}).items);
    } catch (error) {
      if (isItemFailure(error, ServiceCode.notFriendOnDelete)) return;
      if (isItemFailure(error, ServiceCode.invalidParameter) && !(await this.isFriend(from, to))) return;
      throw error;
    }
  }
}
