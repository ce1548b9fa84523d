import { ServiceCode } from "../../provider/commands";
import { ItemResults, ServiceError, infoWithDetail, itemError, type ResponseBody } from "../errors";
import type { ItemFaults, RequestBody, StoreCore } from "./core";
import { isValidGroupName } from "./rules";

/** Friend-list rules: `v4/sns/group_*` (docs/rest-api.md#group_add to #group_get). */

/**
 * At most 1000 friends per group_add (docs/rest-api.md#group_add); the descriptor's batch rule covers GroupName only.
 */
const GROUP_ADD_MAX_FRIENDS = 1000;

export function groupAdd(core: StoreCore, req: RequestBody<"groupAdd">, faults: ItemFaults): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  const names = [...new Set(req.GroupName)];
  // Names are not items: a bad one fails the request (docs/rest-api.md#group_add; the code is our choice).
  const bad = names.filter((n) => !isValidGroupName(n));
  if (names.length === 0 || bad.length > 0) {
    throw new ServiceError(
      30001,
      infoWithDetail(
        30001,
        `GroupName must hold non-empty names of at most 30 bytes, got ${JSON.stringify(bad.length > 0 ? bad : req.GroupName)}`,
      ),
    );
  }
  const friends = req.To_Account;
  if (friends !== undefined && friends.length > GROUP_ADD_MAX_FRIENDS) {
    throw new ServiceError(
      30001,
      infoWithDetail(30001, `To_Account has ${friends.length} items, at most ${GROUP_ADD_MAX_FRIENDS} allowed`),
    );
  }
  if (!core.groupsFit(from, names)) {
    throw new ServiceError(
      30011,
      infoWithDetail(
        30011,
        `${from.userId} has ${from.groups.length} lists; ${core.missingGroups(from, names).length} more would pass the limit of ${core.limits.groupsPerUser}`,
      ),
    );
  }
  // An existing name is not an error: the call is idempotent and friends are still added (docs/rest-api.md#group_add,
  // our choice).
  core.ensureGroups(from, names);
  const body: ResponseBody = {};
  if (friends !== undefined) {
    const results = new ItemResults();
    let changed = false;
    for (const toId of friends) {
      const injected = faults(toId);
      const entry = from.friends.get(toId);
      if (injected || !entry) {
        // The documented sample's 32216 (docs/rest-api.md#group_add); one live answer carried 30001 instead.
        results.fail(
          toId,
          injected ?? itemError(ServiceCode.groupAddNotFriend, "Err_SNS_GroupAdd_ToTinyId_Not_Friend"),
        );
        continue;
      }
      for (const name of names) {
        if (!entry.groups.includes(name)) {
          entry.groups.push(name);
          changed = true;
        }
      }
      results.ok(toId);
    }
    if (changed) {
      from.sequences.standard++;
      core.changed(from);
    }
    Object.assign(body, results.fields());
  }
  return { CurrentSequence: from.sequences.group, ...body };
}

export function groupDelete(core: StoreCore, req: RequestBody<"groupDelete">): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  const names = new Set(req.GroupName);
  if (names.size === 0) throw new ServiceError(30001, infoWithDetail(30001, "GroupName is empty"));
  // A name that does not exist is ignored (docs/rest-api.md#group_delete, our choice); friends stay, losing only the
  // membership.
  const present = from.groups.filter((g) => names.has(g));
  if (present.length > 0) {
    from.groups = from.groups.filter((g) => !names.has(g));
    from.sequences.group++;
    let membershipsChanged = false;
    for (const entry of from.friends.values()) {
      const kept = entry.groups.filter((g) => !names.has(g));
      if (kept.length !== entry.groups.length) {
        entry.groups = kept;
        membershipsChanged = true;
      }
    }
    if (membershipsChanged) from.sequences.standard++;
    core.changed(from);
  }
  return { CurrentSequence: from.sequences.group };
}

export function groupGet(core: StoreCore, req: RequestBody<"groupGet">): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  // NeedFriend is honoured with or without GroupName; LastSequence is accepted and ignored
  // (docs/rest-api.md#group_get).
  const needFriend = req.NeedFriend === "Need_Friend_Type_Yes";
  const selected =
    req.GroupName && req.GroupName.length > 0 ? from.groups.filter((g) => req.GroupName?.includes(g)) : from.groups;
  const members = (group: string) => [...from.friends].filter(([, f]) => f.groups.includes(group)).map(([id]) => id);
  return {
    ResultItem: selected.map((group) => {
      const ids = members(group);
      return needFriend
        ? { GroupName: group, FriendNumber: ids.length, To_Account: ids }
        : { GroupName: group, FriendNumber: ids.length };
    }),
    CurrentSequence: from.sequences.group,
  };
}
