import type * as dynamic from "@pulumi/pulumi/dynamic";
import { own, recordOf, sortedEntries } from "../checks";
import { ErrorCodes, type PartFailure, PartialApplyError, TencentChatError, messageOf } from "../errors";
import { DEFAULT_ADD_SOURCE, type FriendTags } from "../friends/field-rules";
import { currentTags, managedPart } from "../friends/managed-tags";
import { reportStatus } from "../host/engine-status";
import type { ServiceSource } from "../service";
import { diffFriendSet, toFriendSetDiffResult } from "./diff";
import { decodeFriendSetId, encodeFriendSetId } from "./id";
import { type FriendSetOutputs, type FriendState, checkFriendSet, parseFriendSetInputs } from "./inputs";

type Props = Record<string, unknown>;

/** A failure message lists this many friends, then counts the rest. */
const LISTED_FAILURES = 10;

/** "N of M friend changes failed: bob (create): <ResultCode and ResultInfo>; …": one line a user can act on. */
function describeFailures(fromAccount: string, failures: readonly PartFailure[], total: number): string {
  const listed = failures
    .slice(0, LISTED_FAILURES)
    .map((f) => `${JSON.stringify(f.target)} (${f.action}): ${messageOf(f.error)}`)
    .join("; ");
  const more = failures.length > LISTED_FAILURES ? `; and ${failures.length - LISTED_FAILURES} more` : "";
  return `FriendSet ${JSON.stringify(fromAccount)}: ${failures.length} of ${total} friend changes failed: ${listed}${more}`;
}

interface Ownership {
  created: boolean;
  before?: FriendTags;
}

/**
 * The recorded state of a friend: exactly its managed tags (as declared, now applied), who created it, and for an
 * adopted one what its tags were before.
 */
function stateOf(tags: FriendTags, ownership: Ownership): FriendState {
  return {
    ...managedPart(tags),
    createdByResource: ownership.created,
    ...(!ownership.created && ownership.before !== undefined ? { tagsBeforeAdoption: ownership.before } : {}),
  };
}

function ownershipOf(state: FriendState): Ownership {
  return { created: state.createdByResource === true, before: state.tagsBeforeAdoption };
}

/**
 * The FriendSet dynamic provider. Every friend operation goes through the shared per-account batcher, so the friends
 * of one set share requests (≤1000 per friend_import / friend_update / friend_delete, ≤100 per friend_get_list) and
 * writes to one account are serialized (docs/concurrency.md).
 */
export class FriendSetProvider implements dynamic.ResourceProvider {
  constructor(private readonly service: ServiceSource) {}

  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    return checkFriendSet(news);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return toFriendSetDiffResult(diffFriendSet(olds as Partial<FriendSetOutputs>, news));
  }

  async create(props: Props): Promise<dynamic.CreateResult> {
    const inputs = parseFriendSetInputs(props);
    const id = encodeFriendSetId(inputs.fromAccount);
    const { friends, failures } = await this.apply(inputs.fromAccount, {}, inputs.friends, inputs.ownershipMarker);
    const outs: FriendSetOutputs = { fromAccount: inputs.fromAccount, friends };
    if (failures.length > 0) {
      const message = describeFailures(inputs.fromAccount, failures, Object.keys(inputs.friends).length);
      // Nothing applied: nothing to record, a plain failure. Something applied: record it, or it would be lost.
      if (Object.keys(friends).length === 0) throw new Error(message);
      throw partial(message, id, outs, failures);
    }
    return { id, outs };
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const fromAccount = decodeFriendSetId(id);
    const inputs = parseFriendSetInputs(news);
    const recorded = (olds as Partial<FriendSetOutputs>).friends ?? {};
    const { friends, failures, total } = await this.apply(
      fromAccount,
      recorded,
      inputs.friends,
      inputs.ownershipMarker,
    );
    const outs: FriendSetOutputs = { fromAccount, friends };
    if (failures.length > 0) throw partial(describeFailures(fromAccount, failures, total), id, outs, failures);
    return { outs };
  }

  /**
   * Refresh: reads every recorded friend's managed tags and reports each as it is; a friend that is gone leaves the
   * set, so the next `up` brings it back. Returns `inputs` too, so the next diff compares the program with reality.
   * With the id alone (adoption by id) it adopts every friend the account has, managing remark and groups.
   */
  async read(id: string, props?: Props): Promise<dynamic.ReadResult> {
    const fromAccount = decodeFriendSetId(id);
    const recorded = (props ?? {}) as Partial<FriendSetOutputs>;
    let managed: Record<string, FriendState>;
    if (typeof recorded.fromAccount === "string") managed = recorded.friends ?? {};
    else {
      const { client } = await this.service();
      const list = await client.friendGetAll(fromAccount);
      managed = recordOf(list.friends.map((f) => [f.To_Account, { remark: "", groups: [], createdByResource: false }]));
    }
    const { friends: policy } = await this.service();
    const found = await Promise.all(
      sortedEntries(managed).map(async ([to, state]) => {
        const items = await policy.read(fromAccount, to, managedPart(state));
        return { to, state, current: items ? currentTags(managedPart(state), items) : undefined };
      }),
    );
    const friends = recordOf(
      found.flatMap(({ to, state, current }) => (current ? [[to, stateOf(current, ownershipOf(state))]] : [])),
    );
    const inputs = { fromAccount, friends: recordOf(Object.entries(friends).map(([to, s]) => [to, managedPart(s)])) };
    return { id, props: { fromAccount, friends }, inputs };
  }

  /**
   * Removes every friendship the set created (friend_delete, one-way); adopted friends only lose the tags the set
   * managed. Friends already gone are not an error. Any other failure fails the delete (the engine keeps the
   * resource, and deleting again is safe).
   */
  async delete(id: string, props: Props): Promise<void> {
    const fromAccount = decodeFriendSetId(id);
    const recorded = (props as Partial<FriendSetOutputs>).friends ?? {};
    const { friends: policy } = await this.service();
    const failures: PartFailure[] = [];
    await Promise.all(
      sortedEntries(recorded).map(async ([to, state]) => {
        try {
          await policy.release(fromAccount, to, managedPart(state), ownershipOf(state));
        } catch (error) {
          failures.push({ target: to, action: "remove", error });
        }
      }),
    );
    if (failures.length > 0) {
      const message = describeFailures(fromAccount, sortFailures(failures), Object.keys(recorded).length);
      throw new TencentChatError(ErrorCodes.ITEM_FAILED, message);
    }
  }

  /**
   * Brings the account from `recorded` to `wanted`, every friend at once, so the batcher merges them into one
   * request per command. Each friend's outcome is its own: the returned state holds what was applied, plus the
   * recorded state of friends whose change failed.
   */
  private async apply(
    fromAccount: string,
    recorded: Record<string, FriendState>,
    wanted: Record<string, FriendTags>,
    marker: string | undefined,
  ): Promise<{ friends: Record<string, FriendState>; failures: PartFailure[]; total: number }> {
    const { friends: policy } = await this.service();
    const plan = diffFriendSet({ fromAccount, friends: recorded }, { fromAccount, friends: wanted });
    const friends = new Map<string, FriendState>();
    for (const [to, spec] of sortedEntries(wanted)) {
      const before = own(recorded, to);
      if (before) friends.set(to, stateOf(spec, ownershipOf(before)));
    }
    const failures: PartFailure[] = [];
    const origin = { addSource: DEFAULT_ADD_SOURCE, marker };

    // Every change is started at once, so the batcher merges them into one request per command. Whether an added
    // friend is new comes from one read of the account's friend list; one that exists is read and adopted, never
    // imported over.
    const work: Array<Promise<void>> = [];
    for (const to of plan.added) {
      const spec = own(wanted, to) as FriendTags;
      work.push(
        policy.createOrAdopt(fromAccount, to, spec, origin).then(
          ({ created, before }) => void friends.set(to, stateOf(spec, { created, before })),
          (error: unknown) => void failures.push({ target: to, action: "create", error }),
        ),
      );
    }
    for (const { toAccount: to } of plan.changed) {
      const state = own(recorded, to) as FriendState;
      const spec = own(wanted, to) as FriendTags;
      work.push(
        policy.change(fromAccount, to, managedPart(state), spec, ownershipOf(state)).then(
          (before) => void friends.set(to, stateOf(spec, { created: state.createdByResource === true, before })),
          (error: unknown) => {
            failures.push({ target: to, action: "update", error });
            friends.set(to, state);
          },
        ),
      );
    }
    for (const to of plan.removed) {
      const state = own(recorded, to) as FriendState;
      work.push(
        policy.release(fromAccount, to, managedPart(state), ownershipOf(state)).catch((error: unknown) => {
          failures.push({ target: to, action: "remove", error });
          friends.set(to, state);
        }),
      );
    }
    const total = plan.added.length + plan.changed.length + plan.removed.length;
    await withProgress(work, total);
    return {
      friends: recordOf([...friends].sort(([a], [b]) => (a < b ? -1 : 1))),
      failures: sortFailures(failures),
      total,
    };
  }
}

/** Friend changes a set must apply before it reports how far it is. */
const PROGRESS_FROM = 100;
const PROGRESS_EVERY_MS = 1000;

/** Awaits every friend change; a large set reports "k of n friend changes applied" to the engine as it goes. */
async function withProgress(work: Array<Promise<void>>, total: number): Promise<void> {
  if (total < PROGRESS_FROM) {
    await Promise.all(work);
    return;
  }
  let done = 0;
  for (const change of work) void change.finally(() => (done += 1));
  const report = () => reportStatus(`${done} of ${total} friend changes applied`);
  report();
  const timer = setInterval(report, PROGRESS_EVERY_MS);
  try {
    await Promise.all(work);
  } finally {
    clearInterval(timer);
  }
  report();
}

function sortFailures(failures: PartFailure[]): PartFailure[] {
  return failures.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

/** The engine records `properties` with init errors; the registry adds `__provider` (host/partial-apply.ts). */
function partial(message: string, id: string, outs: FriendSetOutputs, failures: PartFailure[]): PartialApplyError {
  const text = `${message}. The other friends were applied and Pulumi keeps the resource: fix the inputs and run \`pulumi up\` again to finish it`;
  return new PartialApplyError(text, id, { ...outs }, failures);
}
