import { ItemResults, ServiceError, infoWithDetail, itemError, type ResponseBody } from "../errors";
import type { ItemFaults, RequestBody, StoreCore } from "./core";
import { checkRelations } from "./relation-check";
import { isValidUserId } from "./rules";

/** Blocklist rules: `v4/sns/black_list_*` (docs/rest-api.md#black_list_add to #black_list_check). */

export function blackListAdd(core: StoreCore, req: RequestBody<"blackListAdd">, faults: ItemFaults): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  const results = new ItemResults();
  for (const toId of req.To_Account) {
    const injected = faults(toId);
    if (injected) {
      results.fail(toId, injected);
      continue;
    }
    if (!isValidUserId(toId) || toId === from.userId) {
      results.fail(toId, itemError(30001, "Err_SNS_BlackListAdd_To_Account_Illegal"));
      continue;
    }
    const to = core.account(toId);
    if (!to) {
      results.fail(toId, itemError(30003, "Err_SNS_BlackListAdd_To_Account_Not_Exist"));
      continue;
    }
    if (from.blocklist.has(toId)) {
      results.fail(toId, itemError(30001, "Err_SNS_BlackListAdd_Already_Exist"));
      continue;
    }
    if (from.blocklist.size >= core.limits.blocklistPerUser) {
      results.fail(toId, itemError(30013, "Err_SNS_BlackListAdd_Num_Exceed_Threshold"));
      continue;
    }
    from.blocklist.set(toId, core.nowSeconds());
    from.sequences.blacklist++;
    // Blocking ends the friendship in both directions and any pending request (docs/rest-api.md#black_list_add).
    core.removeFriend(from, toId);
    core.removeFriend(to, from.userId);
    core.removePending(from, to);
    core.changed(from, to);
    // The documented sample's "" (docs/rest-api.md#black_list_add), not the "OK" one live answer carried.
    results.ok(toId);
  }
  return results.fields();
}

export function blackListDelete(
  core: StoreCore,
  req: RequestBody<"blackListDelete">,
  faults: ItemFaults,
): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  const results = new ItemResults();
  for (const toId of req.To_Account) {
    const injected = faults(toId);
    if (injected) {
      results.fail(toId, injected);
    } else if (!from.blocklist.has(toId)) {
      results.fail(toId, itemError(30001, "Err_SNS_BlackListDelete_Not_Exist"));
    } else {
      // Unblocking does not restore a friendship (docs/rest-api.md#black_list_delete).
      from.blocklist.delete(toId);
      from.sequences.blacklist++;
      core.changed(from);
      // The documented "" (docs/rest-api.md#black_list_delete), not the "OK" one live answer carried.
      results.ok(toId);
    }
  }
  return results.fields();
}

export function blackListGet(core: StoreCore, req: RequestBody<"blackListGet">): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  if (req.StartIndex < 0)
    throw new ServiceError(30001, infoWithDetail(30001, `StartIndex must be >= 0, got ${req.StartIndex}`));
  if (req.MaxLimited <= 0)
    throw new ServiceError(30001, infoWithDetail(30001, `MaxLimited must be > 0, got ${req.MaxLimited}`));
  const ordered = [...from.blocklist].sort(([idA, a], [idB, b]) => a - b || (idA < idB ? -1 : idA > idB ? 1 : 0));
  const page = ordered.slice(req.StartIndex, req.StartIndex + req.MaxLimited);
  const end = req.StartIndex + page.length;
  return {
    BlackListItem: page.map(([id, at]) => ({ To_Account: id, AddBlackTimeStamp: at })),
    // The next start, 0 when finished (docs/rest-api.md#black_list_get).
    StartIndex: end >= ordered.length ? 0 : end,
    // Misspelt exactly so on the live service (docs/rest-api.md#black_list_get).
    CurruentSequence: from.sequences.blacklist,
  };
}

export function blackListCheck(core: StoreCore, req: RequestBody<"blackListCheck">, faults: ItemFaults): ResponseBody {
  return checkRelations(
    core,
    req.From_Account,
    req.To_Account,
    req.CheckType === "BlackCheckResult_Type_Both",
    {
      list: (account) => account.blocklist,
      // The "no relation" value is `_NO` here, not `NoRelation` (docs/rest-api.md#black_list_check).
      names: {
        aWithB: "BlackCheckResult_Type_AWithB",
        bWithA: "BlackCheckResult_Type_BWithA",
        bothWay: "BlackCheckResult_Type_BothWay",
        none: "BlackCheckResult_Type_NO",
      },
      itemsField: "BlackListCheckItem",
    },
    faults,
  );
}
