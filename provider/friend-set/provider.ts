import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ItemFailedError } from "../batching";
import type { TagItem } from "../commands/wire";
import { HostConfiguredProvider } from "../friend-runtime";
import { DEFAULT_ADD_SOURCE } from "../inputs";
import { describeError, outputsFromTags, reported, specFromInputs, tagsToRead } from "../provider";
import { diffFriendSet, friendTagChanges, toFriendSetDiffResult } from "./diff";
import { decodeFriendSetId, encodeFriendSetId } from "./id";
import {
  type FriendSetOutputs,
  type FriendSpec,
  type FriendState,
  checkFriendSet,
  parseFriendSetInputs,
} from "./inputs";

/** friend_delete: no friendship with that account (spec §4.8). */
const NOT_A_FRIEND_ON_DELETE = 31704;
/** 30001 means "already a friend" on import and "not a friend" on update and delete (spec §3.3): confirm by reading. */
const AMBIGUOUS_30001 = 30001;
/** A failure message lists this many friends, then counts the rest. */
const LISTED_FAILURES = 10;

type Props = Record<string, unknown>;

/** One friend that could not be brought to its declared state; the others were. */
export interface FriendFailure {
  toAccount: string;
  action: "create" | "adopt" | "update" | "remove";
  error: unknown;
}

/**
 * A create or update that applied some friends and not others. It carries the resource's `id` and the `properties`
 * that describe what really happened, so the host reports ErrorResourceInitFailed and the engine records them: no
 * friendship the set created is forgotten, and the next `pulumi up` retries only what failed.
 */
export class FriendSetPartialError extends Error {
  readonly code: "PARTIAL_APPLY";

  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
    readonly failures: FriendFailure[],
  ) {
    super(message);
    // Assigned explicitly: serialized, `super(message)` becomes `Error.call(this, message)`, which sets nothing.
    this.message = message;
    this.name = "FriendSetPartialError";
    this.code = "PARTIAL_APPLY";
  }
}

/** "N of M friends failed: bob (create): <ResultCode and ResultInfo>; …": one line a user can act on. */
export function describeFailures(fromAccount: string, failures: readonly FriendFailure[], total: number): string {
  const listed = failures
    .slice(0, LISTED_FAILURES)
    .map((f) => `${JSON.stringify(f.toAccount)} (${f.action}): ${describeError(f.error)}`)
    .join("; ");
  const more = failures.length > LISTED_FAILURES ? `; and ${failures.length - LISTED_FAILURES} more` : "";
  return `FriendSet ${JSON.stringify(fromAccount)}: ${failures.length} of ${total} friend changes failed: ${listed}${more}`;
}

/** What one friend's spec looks like as friend_import fields: the declared tags are set by the import itself. */
function importItem(toAccount: string, spec: FriendSpec) {
  const customItem: TagItem[] = Object.entries(spec.customFields ?? {})
    .filter(([, value]) => value !== "")
    .map(([key, value]) => ({ Tag: `Tag_SNS_Custom_${key}`, Value: value }));
  return {
    To_Account: toAccount,
    AddSource: DEFAULT_ADD_SOURCE,
    ...(spec.remark ? { Remark: spec.remark } : {}),
    ...(spec.groups && spec.groups.length > 0 ? { GroupName: spec.groups } : {}),
    ...(customItem.length > 0 ? { CustomItem: customItem } : {}),
  };
}

/** The recorded state of a friend: exactly its managed tags (as declared, now applied) and who created it. */
function stateOf(spec: FriendSpec, createdByResource: boolean): FriendState {
  const state: FriendState = { createdByResource };
  if (spec.remark !== undefined) state.remark = spec.remark;
  if (spec.groups !== undefined) state.groups = spec.groups;
  if (spec.customFields !== undefined) state.customFields = spec.customFields;
  return state;
}

/** The managed tags of a friend as friend_get_list reports them (FriendRelation's mapping, spec §4.12). */
function specFromTags(
  fromAccount: string,
  toAccount: string,
  managed: FriendSpec,
  tags: readonly TagItem[],
): FriendSpec {
  const outs = outputsFromTags({ fromAccount, toAccount }, specFromInputs(managed), tags, false);
  const spec: FriendSpec = {};
  if (outs.remark !== undefined) spec.remark = outs.remark;
  if (outs.groups !== undefined) spec.groups = outs.groups;
  if (outs.customFields !== undefined) spec.customFields = outs.customFields;
  return spec;
}

function specOnly(state: FriendState): FriendSpec {
  const { createdByResource: _created, ...spec } = state;
  return spec;
}

function isItemFailure(error: unknown, code: number): boolean {
  return error instanceof ItemFailedError && error.resultCode === code;
}

/** Friend UserIDs in a stable order, so requests and messages do not depend on map order. */
function sortedEntries<T>(map: Record<string, T>): Array<[string, T]> {
  return Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The FriendSet dynamic provider. Every friend operation goes through the per-account FriendBatcher, so the friends
 * of one set share requests (≤1000 per friend_import / friend_update / friend_delete, ≤100 per friend_get_list) and
 * writes to one account are serialized (no 30008 caused by the provider itself, spec §6).
 * Like FriendRelationProvider, it holds nothing but `undefined` until the host configures it.
 */
export class FriendSetProvider extends HostConfiguredProvider implements dynamic.ResourceProvider {
  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    return checkFriendSet(news);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return toFriendSetDiffResult(diffFriendSet(olds as Partial<FriendSetOutputs>, news));
  }

  async create(props: Props): Promise<dynamic.CreateResult> {
    return reported(async () => {
      const inputs = parseFriendSetInputs(props);
      const id = encodeFriendSetId(inputs.fromAccount);
      const { friends, failures } = await this.apply(inputs.fromAccount, {}, inputs.friends);
      const outs: FriendSetOutputs = { fromAccount: inputs.fromAccount, friends };
      if (failures.length > 0) {
        const message = describeFailures(inputs.fromAccount, failures, Object.keys(inputs.friends).length);
        // Nothing applied: nothing to record, a plain failure. Something applied: record it, or it would be lost.
        if (Object.keys(friends).length === 0) throw new Error(message);
        throw partial(message, id, outs, failures);
      }
      return { id, outs };
    });
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    return reported(async () => {
      const fromAccount = decodeFriendSetId(id);
      const inputs = parseFriendSetInputs(news);
      const recorded = ((olds as Partial<FriendSetOutputs>).friends ?? {}) as Record<string, FriendState>;
      const { friends, failures, total } = await this.apply(fromAccount, recorded, inputs.friends);
      const outs: FriendSetOutputs = { fromAccount, friends };
      if (failures.length > 0) throw partial(describeFailures(fromAccount, failures, total), id, outs, failures);
      return { outs };
    });
  }

  /**
   * Refresh: reads every recorded friend's managed tags (friend_get_list, ≤100 friends per call) and reports each
   * friend as it is; a friend that is gone leaves the set, so the next `up` brings it back. Returns `inputs` too, so
   * the next diff compares the program with reality. With the id alone (the `import` option) it adopts every
   * friend the account has, managing remark and groups.
   */
  async read(id: string, props?: Props): Promise<dynamic.ReadResult> {
    return reported(async () => {
      const fromAccount = decodeFriendSetId(id);
      const recorded = (props ?? {}) as Partial<FriendSetOutputs>;
      let managed: Record<string, FriendState>;
      if (typeof recorded.fromAccount === "string") managed = recorded.friends ?? {};
      else {
        const { client } = await this.runtime();
        const list = await client.friendGet(fromAccount);
        managed = Object.fromEntries(
          list.friends.map((f) => [f.To_Account, { remark: "", groups: [], createdByResource: false }]),
        );
      }
      const found = await Promise.all(
        sortedEntries(managed).map(async ([to, state]) => ({
          to,
          state,
          current: await this.current(fromAccount, to, specOnly(state)),
        })),
      );
      const friends: Record<string, FriendState> = {};
      for (const { to, state, current } of found) {
        if (current) friends[to] = stateOf(current, state.createdByResource === true);
      }
      const inputs = {
        fromAccount,
        friends: Object.fromEntries(Object.entries(friends).map(([to, s]) => [to, specOnly(s)])),
      };
      return { id, props: { fromAccount, friends }, inputs };
    });
  }

  /**
   * Removes every friendship the set created (friend_delete, one-way); adopted friends only lose the tags the set
   * managed. Friends already gone are not an error. Any other failure fails the delete (the engine keeps the
   * resource, and deleting again is safe).
   */
  async delete(id: string, props: Props): Promise<void> {
    return reported(async () => {
      const fromAccount = decodeFriendSetId(id);
      const recorded = ((props as Partial<FriendSetOutputs>).friends ?? {}) as Record<string, FriendState>;
      const failures: FriendFailure[] = [];
      await Promise.all(
        sortedEntries(recorded).map(async ([to, state]) => {
          const error = await this.removeFriend(fromAccount, to, state);
          if (error !== undefined) failures.push({ toAccount: to, action: "remove", error });
        }),
      );
      if (failures.length > 0) throw new Error(describeFailures(fromAccount, failures, Object.keys(recorded).length));
    });
  }

  /**
   * Brings the account from `recorded` to `wanted`: reads the added friends (adopt or create), then sends every
   * write at once, so the batcher merges them into one request per command (≤1000 items each). Each friend's outcome
   * is its own: the returned state holds what was applied, plus the recorded state of friends whose change failed.
   */
  private async apply(
    fromAccount: string,
    recorded: Record<string, FriendState>,
    wanted: Record<string, FriendSpec>,
  ): Promise<{ friends: Record<string, FriendState>; failures: FriendFailure[]; total: number }> {
    const plan = diffFriendSet({ fromAccount, friends: recorded }, { fromAccount, friends: wanted });
    const friends: Record<string, FriendState> = {};
    for (const [to, spec] of sortedEntries(wanted)) {
      if (Object.hasOwn(recorded, to)) friends[to] = stateOf(spec, recorded[to].createdByResource === true);
    }
    const failures: FriendFailure[] = [];
    const fail = (toAccount: string, action: FriendFailure["action"], error: unknown): void => {
      failures.push({ toAccount, action, error });
    };

    // Reads first: an added friend that is already there is adopted, never imported (import may overwrite: spec §4.6).
    const lookups = await Promise.all(
      plan.added.map(async (to) => {
        try {
          return { to, current: await this.current(fromAccount, to, wanted[to]) };
        } catch (error) {
          fail(to, "create", error);
          return undefined;
        }
      }),
    );

    const writes: Array<Promise<void>> = [];
    for (const looked of lookups) {
      if (!looked) continue;
      const { to, current } = looked;
      writes.push(
        (current
          ? this.adopt(fromAccount, to, current, wanted[to])
          : this.createFriend(fromAccount, to, wanted[to])
        ).then(
          (createdByResource) => {
            friends[to] = stateOf(wanted[to], createdByResource);
          },
          (error: unknown) => fail(to, current ? "adopt" : "create", error),
        ),
      );
    }
    for (const { toAccount: to, tagChanges } of plan.changed) {
      writes.push(
        this.updateFriend(fromAccount, to, tagChanges).catch((error: unknown) => {
          fail(to, "update", error);
          friends[to] = recorded[to];
        }),
      );
    }
    for (const to of plan.removed) {
      writes.push(
        this.removeFriend(fromAccount, to, recorded[to]).then((error) => {
          if (error === undefined) return;
          fail(to, "remove", error);
          friends[to] = recorded[to];
        }),
      );
    }
    await Promise.all(writes);
    failures.sort((a, b) => (a.toAccount < b.toAccount ? -1 : a.toAccount > b.toAccount ? 1 : 0));
    const total = plan.added.length + plan.changed.length + plan.removed.length;
    return { friends: Object.fromEntries(sortedEntries(friends)), failures, total };
  }

  /** The friend's tags that `spec` manages as they are now, or undefined when `to` is not in the friend list. */
  private async current(fromAccount: string, to: string, spec: FriendSpec): Promise<FriendSpec | undefined> {
    const { batcher } = await this.runtime();
    const found = await batcher.lookup(fromAccount, to, tagsToRead(specFromInputs(spec)));
    return found.friend ? specFromTags(fromAccount, to, spec, found.tags) : undefined;
  }

  /** Imports the friend with its declared tags in the same item (one request for the lot); true when created. */
  private async createFriend(fromAccount: string, to: string, spec: FriendSpec): Promise<boolean> {
    const { batcher } = await this.runtime();
    try {
      await batcher.importFriend(fromAccount, importItem(to, spec));
      return true;
    } catch (error) {
      // 30001 on import may mean "already a friend" (added meanwhile by someone else): adopt it if a read confirms.
      if (!isItemFailure(error, AMBIGUOUS_30001)) throw error;
      const current = await this.current(fromAccount, to, spec);
      if (!current) throw error;
      return this.adopt(fromAccount, to, current, spec);
    }
  }

  /** An existing friendship: writes only the declared tags that differ from what is there; never created by us. */
  private async adopt(fromAccount: string, to: string, current: FriendSpec, spec: FriendSpec): Promise<boolean> {
    await this.updateFriend(fromAccount, to, friendTagChanges(current, spec));
    return false;
  }

  private async updateFriend(fromAccount: string, to: string, changes: TagItem[]): Promise<void> {
    const { batcher } = await this.runtime();
    try {
      await batcher.updateFriend(fromAccount, to, changes);
    } catch (error) {
      if (isItemFailure(error, AMBIGUOUS_30001) && !(await this.current(fromAccount, to, {}))) {
        throw new Error(
          `friendship ${JSON.stringify(fromAccount)} → ${JSON.stringify(to)} no longer exists (removed outside Pulumi); run \`pulumi refresh\`, then \`pulumi up\` to create it again`,
        );
      }
      throw error;
    }
  }

  /**
   * A friend leaving the set: the friendship is deleted if the set created it, otherwise only the managed tags are
   * cleared. Already gone is success. Returns the failure instead of throwing, so one friend cannot stop the others.
   */
  private async removeFriend(fromAccount: string, to: string, state: FriendState): Promise<unknown> {
    const { batcher } = await this.runtime();
    try {
      if (state.createdByResource === true) await batcher.deleteFriend(fromAccount, to);
      else await batcher.updateFriend(fromAccount, to, friendTagChanges(specOnly(state), {}));
      return undefined;
    } catch (error) {
      if (isItemFailure(error, NOT_A_FRIEND_ON_DELETE)) return undefined;
      try {
        if (isItemFailure(error, AMBIGUOUS_30001) && !(await this.current(fromAccount, to, {}))) return undefined;
      } catch (readError) {
        return readError;
      }
      return error;
    }
  }
}

/**
 * The engine records `properties` with init errors. `__provider` is not ours to know: the runtime adds the one the
 * call came with (runtime.ts, `forward`), since the host does not.
 */
function partial(
  message: string,
  id: string,
  outs: FriendSetOutputs,
  failures: FriendFailure[],
): FriendSetPartialError {
  const text = `${message}. The other friends were applied and Pulumi keeps the resource: fix the inputs and run \`pulumi up\` again to finish it`;
  return new FriendSetPartialError(text, id, { ...outs }, [text], failures);
}
