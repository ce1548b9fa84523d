import { Limits, SNS_CUSTOM_PREFIX, SnsTag, PROFILE_CUSTOM_PREFIX } from "../../provider/commands";
import { ItemResults, ServiceError, infoWithDetail, itemError, type ItemOutcome, type ResponseBody } from "../errors";
import type { ItemFaults, RequestBody, StoreCore } from "./core";
import { checkRelations } from "./relation-check";
import { PROFILE_DEFAULTS, profileValue } from "./profiles";
import {
  customValueProblem,
  fitsBytes,
  isClearedCustomValue,
  isValidAddSource,
  isValidGroupName,
  isValidUserId,
  standardProfileType,
} from "./rules";
import type { Account, CustomValue, FriendEntry } from "./state";

/** Friend rules: `v4/sns/friend_*` (docs/rest-api.md#friend_add to #friend_get_list). */

const ALLOW_TYPE = "Tag_Profile_IM_AllowType";
const ADMIN_FORBID = "Tag_Profile_IM_AdminForbidType";

export function friendAdd(core: StoreCore, req: RequestBody<"friendAdd">, faults: ItemFaults): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  // Add_Type_Both is the default; ForceAddFlags=1 skips AllowType and AdminForbid, not the blocklist (our
  // choice; docs/rest-api.md#friend_add).
  const both = (req.AddType ?? "Add_Type_Both") === "Add_Type_Both";
  const force = req.ForceAddFlags === 1;
  const results = new ItemResults();
  for (const item of req.AddFriendItem) {
    const outcome = faults(item.To_Account) ?? addOne(core, from, item, both, force);
    if (outcome) results.fail(item.To_Account, outcome);
    else results.ok(item.To_Account);
  }
  return results.fields();
}

function addOne(
  core: StoreCore,
  from: Account,
  item: RequestBody<"friendAdd">["AddFriendItem"][number],
  both: boolean,
  force: boolean,
): ItemOutcome | undefined {
  const toId = item.To_Account;
  if (!isValidUserId(toId)) return itemError(30001, "Err_SNS_FriendAdd_To_Account_Illegal");
  if (toId === from.userId) return itemError(30001, "Err_SNS_FriendAdd_Add_Self");
  const to = core.account(toId);
  if (!to) return itemError(30003, "Err_SNS_FriendAdd_To_Account_Not_Exist");
  // AddSource is required on the live service (observed: Err_SNS_FriendAdd_Source_Illegal;
  // docs/rest-api.md#friend_add).
  if (!isValidAddSource(item.AddSource)) return itemError(30001, "Err_SNS_FriendAdd_Source_Illegal");
  if (item.Remark !== undefined && !fitsBytes(item.Remark, Limits.remarkMaxBytes))
    return itemError(30001, "Err_SNS_FriendAdd_Remark_Too_Long");
  if (item.GroupName !== undefined && !isValidGroupName(item.GroupName))
    return itemError(30001, "Err_SNS_FriendAdd_Group_Name_Illegal");
  if (item.AddWording !== undefined && !fitsBytes(item.AddWording, Limits.addWordingMaxBytes)) {
    return itemError(30001, "Err_SNS_FriendAdd_AddWording_Too_Long");
  }
  if (from.friends.has(toId)) return itemError(30001, "Err_SNS_FriendAdd_Friend_Exist");
  if (from.blocklist.has(toId)) return itemError(30515, "Err_SNS_FriendAdd_In_Self_BlackList");
  if (to.blocklist.has(from.userId)) return itemError(30525, "Err_SNS_FriendAdd_In_Peer_BlackList");
  if (!force && from.profile.get(ADMIN_FORBID) === "AdminForbid_Type_SendOut")
    return itemError(30009, "Err_SNS_FriendAdd_Admin_Forbid");
  if (from.friends.size >= core.limits.friendsPerUser)
    return itemError(30010, "Err_SNS_FriendAdd_My_Friend_Num_Exceed_Threshold");
  if (both && !to.friends.has(from.userId) && to.friends.size >= core.limits.friendsPerUser) {
    return itemError(30014, "Err_SNS_FriendAdd_Peer_Friend_Num_Exceed_Threshold");
  }
  if (item.GroupName !== undefined && !core.groupsFit(from, [item.GroupName]))
    return itemError(30011, "Err_SNS_FriendAdd_Group_Num_Exceed_Threshold");
  if (!force) {
    // An account that never set AllowType has the default, NeedConfirm (docs/rest-api.md#friend_add).
    const allowType = to.profile.get(ALLOW_TYPE) || PROFILE_DEFAULTS[ALLOW_TYPE];
    if (allowType === "AllowType_Type_DenyAny") return itemError(30516, "Err_SNS_FriendAdd_Deny_Any");
    if (allowType === "AllowType_Type_NeedConfirm") return recordPending(core, from, to, item);
  }
  core.ensureGroups(from, item.GroupName !== undefined ? [item.GroupName] : []);
  const remark = item.Remark ?? "";
  from.friends.set(
    toId,
    core.newFriendEntry({
      addSource: item.AddSource,
      addWording: item.AddWording ?? "",
      remark,
      remarkTime: remark ? core.nowSeconds() : 0,
      groups: item.GroupName !== undefined ? [item.GroupName] : [],
    }),
  );
  from.sequences.standard++;
  // The reverse entry of a Both-add gets the same AddSource/AddWording and no remark or list (inferred;
  // docs/rest-api.md#friend_add).
  if (both && !to.friends.has(from.userId)) {
    to.friends.set(from.userId, core.newFriendEntry({ addSource: item.AddSource, addWording: item.AddWording ?? "" }));
    to.sequences.standard++;
  }
  core.removePending(from, to);
  core.changed(from, to);
  return undefined;
}

/**
 * AllowType NeedConfirm: a pending request on both sides and item 30539, not yet a friendship
 * (docs/rest-api.md#friend_add).
 */
function recordPending(
  core: StoreCore,
  from: Account,
  to: Account,
  item: RequestBody<"friendAdd">["AddFriendItem"][number],
): ItemOutcome {
  const limit = core.limits.pendingPerUser;
  if (!from.pendingOut.has(to.userId) && (from.pendingOut.size >= limit || to.pendingIn.size >= limit)) {
    return itemError(30012, "Err_SNS_FriendAdd_Pending_Num_Exceed_Threshold");
  }
  from.pendingOut.set(to.userId, {
    addSource: item.AddSource ?? "",
    addWording: item.AddWording ?? "",
    remark: item.Remark ?? "",
    group: item.GroupName,
    time: core.nowSeconds(),
  });
  to.pendingIn.add(from.userId);
  core.changed(from, to);
  return itemError(30539, "Err_SNS_FriendAdd_Need_Confirm");
}

export function friendImport(core: StoreCore, req: RequestBody<"friendImport">, faults: ItemFaults): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  const results = new ItemResults();
  for (const item of req.AddFriendItem) {
    const outcome = faults(item.To_Account) ?? importOne(core, from, item);
    if (outcome) results.fail(item.To_Account, outcome);
    else results.ok(item.To_Account);
  }
  return results.fields();
}

function importOne(
  core: StoreCore,
  from: Account,
  item: RequestBody<"friendImport">["AddFriendItem"][number],
): ItemOutcome | undefined {
  const toId = item.To_Account;
  if (!isValidUserId(toId)) return itemError(30001, "Err_SNS_FriendImport_To_Account_Illegal");
  if (toId === from.userId) return itemError(30001, "Err_SNS_FriendImport_Add_Self");
  if (!core.account(toId)) return itemError(30003, "Err_SNS_FriendImport_To_Account_Not_Exist");
  if (!isValidAddSource(item.AddSource)) return itemError(30001, "Err_SNS_FriendImport_Source_Illegal");
  if (item.Remark !== undefined && !fitsBytes(item.Remark, Limits.remarkMaxBytes))
    return itemError(30001, "Err_SNS_FriendImport_Remark_Too_Long");
  const groups = [...new Set(item.GroupName ?? [])];
  if (!groups.every(isValidGroupName)) return itemError(30001, "Err_SNS_FriendImport_Group_Name_Illegal");
  if (item.AddWording !== undefined && !fitsBytes(item.AddWording, Limits.addWordingMaxBytes)) {
    return itemError(30001, "Err_SNS_FriendImport_AddWording_Too_Long");
  }
  if ((item.AddTime ?? 0) < 0 || (item.RemarkTime ?? 0) < 0)
    return itemError(30001, "Err_SNS_FriendImport_Time_Illegal");
  const custom: Record<string, CustomValue> = {};
  for (const { Tag, Value } of item.CustomItem ?? []) {
    const config = core.config.customSnsTags.get(Tag);
    if (!config) return itemError(30001, "Err_SNS_FriendImport_Tag_Not_Exist");
    if (customValueProblem(config, Value)) return itemError(30001, "Err_SNS_FriendImport_Custom_Value_Illegal");
    if (!isClearedCustomValue(Value)) custom[Tag] = Value as CustomValue;
  }
  // Importing an existing friend: item 30001 (docs/rest-api.md#friend_import, our choice; the ResultInfo is ours).
  if (from.friends.has(toId)) return itemError(30001, "Err_SNS_FriendImport_Friend_Exist");
  if (from.friends.size >= core.limits.friendsPerUser)
    return itemError(30010, "Err_SNS_FriendImport_My_Friend_Num_Exceed_Threshold");
  if (!core.groupsFit(from, groups)) return itemError(30011, "Err_SNS_FriendImport_Group_Num_Exceed_Threshold");
  core.ensureGroups(from, groups);
  const now = core.nowSeconds();
  const remark = item.Remark ?? "";
  from.friends.set(toId, {
    addSource: item.AddSource,
    addWording: item.AddWording ?? "",
    addTime: item.AddTime ?? now,
    remark,
    remarkTime: item.RemarkTime ?? (remark ? now : 0),
    groups,
    custom,
  });
  from.sequences.standard++;
  if (Object.keys(custom).length > 0) from.sequences.custom++;
  core.changed(from);
  return undefined;
}

export function friendUpdate(core: StoreCore, req: RequestBody<"friendUpdate">, faults: ItemFaults): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  const results = new ItemResults();
  for (const item of req.UpdateItem) {
    const outcome = faults(item.To_Account) ?? updateOne(core, from, item);
    if (outcome) results.fail(item.To_Account, outcome);
    else results.ok(item.To_Account);
  }
  return results.fields();
}

/** One UpdateItem, all of its SnsItems checked before any is applied (docs/rest-api.md#friend_update). */
function updateOne(
  core: StoreCore,
  from: Account,
  item: RequestBody<"friendUpdate">["UpdateItem"][number],
): ItemOutcome | undefined {
  const entry = from.friends.get(item.To_Account);
  if (!entry) return itemError(30001, "Err_SNS_FriendUpdate_Friend_Not_Exist");
  let remark: string | undefined;
  let groups: string[] | undefined;
  const custom = new Map<string, CustomValue>();
  for (const { Tag, Value } of item.SnsItem) {
    if (Tag === SnsTag.remark) {
      if (typeof Value !== "string" || !fitsBytes(Value, Limits.remarkMaxBytes))
        return itemError(30001, "Err_SNS_FriendUpdate_Remark_Illegal");
      remark = Value;
    } else if (Tag === SnsTag.group) {
      // A list of names, each non-empty and at most 30 bytes; [] clears (docs/data-model.md#clearing-a-field).
      if (!Array.isArray(Value) || !Value.every(isValidGroupName))
        return itemError(30001, "Err_SNS_FriendUpdate_Group_Illegal");
      groups = [...new Set(Value)];
    } else if (Tag.startsWith(SNS_CUSTOM_PREFIX)) {
      const config = core.config.customSnsTags.get(Tag);
      if (!config) return itemError(30001, "Err_SNS_FriendUpdate_Tag_Not_Exist");
      if (customValueProblem(config, Value) && !isClearedCustomValue(Value))
        return itemError(30001, "Err_SNS_FriendUpdate_Custom_Value_Illegal");
      custom.set(Tag, Value as CustomValue);
    } else if (Object.values(SnsTag).includes(Tag as (typeof SnsTag)[keyof typeof SnsTag])) {
      // AddSource, AddWording, AddTime and RemarkTime are set once (docs/rest-api.md#friend_update; the code is our
      // choice).
      return itemError(30001, "Err_SNS_FriendUpdate_Tag_Not_Updatable");
    } else {
      return itemError(30001, "Err_SNS_FriendUpdate_Tag_Illegal");
    }
  }
  if (groups && !core.groupsFit(from, groups))
    return itemError(30011, "Err_SNS_FriendUpdate_Group_Num_Exceed_Threshold");
  let standardChanged = false;
  if (remark !== undefined) {
    entry.remark = remark;
    entry.remarkTime = core.nowSeconds();
    standardChanged = true;
  }
  if (groups) {
    core.ensureGroups(from, groups);
    // Replaces the whole set of memberships (docs/rest-api.md#friend_update, our choice).
    entry.groups = groups;
    standardChanged = true;
  }
  for (const [tag, value] of custom) {
    if (isClearedCustomValue(value)) delete entry.custom[tag];
    else entry.custom[tag] = value;
  }
  if (standardChanged) from.sequences.standard++;
  if (custom.size > 0) from.sequences.custom++;
  if (standardChanged || custom.size > 0) core.changed(from);
  return undefined;
}

export function friendDelete(core: StoreCore, req: RequestBody<"friendDelete">, faults: ItemFaults): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  // Default Single (docs/rest-api.md#friend_delete, our choice).
  const both = req.DeleteType === "Delete_Type_Both";
  const results = new ItemResults();
  for (const toId of req.To_Account) {
    const injected = faults(toId);
    if (injected) {
      results.fail(toId, injected);
      continue;
    }
    let removed = core.removeFriend(from, toId);
    // With Both, whatever side exists goes; 31704 only if neither did (docs/rest-api.md#friend_delete). 31704, not the
    // FAQ's
    // 30001: the command's own page documents it and a live answer showed it.
    const to = core.account(toId);
    if (both && to && core.removeFriend(to, from.userId)) removed = true;
    if (removed) {
      // The documented sample's "" (docs/rest-api.md#friend_delete), not the "OK" one live answer carried.
      results.ok(toId);
    } else {
      results.fail(toId, itemError(31704, "Err_SNS_FriendDelete_Not_Friend"));
    }
  }
  return results.fields();
}

export function friendDeleteAll(core: StoreCore, req: RequestBody<"friendDeleteAll">): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  // Default Single; the lists themselves stay, now empty (docs/rest-api.md#friend_delete_all, our choice).
  const both = req.DeleteType === "Delete_Type_Both";
  for (const friendId of [...from.friends.keys()]) {
    core.removeFriend(from, friendId);
    const friend = core.account(friendId);
    if (both && friend) core.removeFriend(friend, from.userId);
  }
  return {};
}

/** Users whose chains a friend_delete_all with Both writes besides the caller's own. */
export function friendDeleteAllPeers(core: StoreCore, req: RequestBody<"friendDeleteAll">): string[] {
  if (req.DeleteType !== "Delete_Type_Both") return [];
  return [...(core.account(req.From_Account)?.friends.keys() ?? [])];
}

export function friendCheck(core: StoreCore, req: RequestBody<"friendCheck">, faults: ItemFaults): ResponseBody {
  return checkRelations(
    core,
    req.From_Account,
    req.To_Account,
    req.CheckType === "CheckResult_Type_Both",
    {
      list: (account) => account.friends,
      names: {
        aWithB: "CheckResult_Type_AWithB",
        bWithA: "CheckResult_Type_BWithA",
        bothWay: "CheckResult_Type_BothWay",
        none: "CheckResult_Type_NoRelation",
      },
      itemsField: "InfoItem",
    },
    faults,
  );
}

export function friendGet(core: StoreCore, req: RequestBody<"friendGet">): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  if (req.StartIndex < 0)
    throw new ServiceError(30001, infoWithDetail(30001, `StartIndex must be >= 0, got ${req.StartIndex}`));
  const { standard, custom } = from.sequences;
  // Add-time order, ties by UserID (docs/rest-api.md#friend_get, our choice).
  const ordered = [...from.friends].sort(
    ([idA, a], [idB, b]) => a.addTime - b.addTime || (idA < idB ? -1 : idA > idB ? 1 : 0),
  );
  const pageSize = core.limits.friendGetPageSize;
  const page = ordered.slice(req.StartIndex, req.StartIndex + pageSize);
  const end = req.StartIndex + page.length;
  const complete = end >= ordered.length;
  // Matching sequences suppress that half of the data (docs/rest-api.md#friend_get).
  const sendStandard = req.StandardSequence === undefined || req.StandardSequence !== standard;
  const sendCustom = req.CustomSequence === undefined || req.CustomSequence !== custom;
  const body: ResponseBody = {};
  if (page.length > 0) {
    body.UserDataItem = page.map(([id, entry]) => ({
      To_Account: id,
      ValueItem: [...(sendStandard ? standardFriendTags(entry) : []), ...(sendCustom ? customFriendTags(entry) : [])],
    }));
  }
  return {
    ...body,
    StandardSequence: standard,
    CustomSequence: custom,
    FriendNum: ordered.length,
    CompleteFlag: complete ? 1 : 0,
    NextStartIndex: complete ? 0 : end,
  };
}

/** The standard friend fields that have a value, in the order of the documented friend_get sample. */
function standardFriendTags(entry: FriendEntry): Array<{ Tag: string; Value: string | number | string[] }> {
  const tags: Array<{ Tag: string; Value: string | number | string[] }> = [];
  if (entry.addSource) tags.push({ Tag: SnsTag.addSource, Value: entry.addSource });
  if (entry.remark) tags.push({ Tag: SnsTag.remark, Value: entry.remark });
  if (entry.groups.length > 0) tags.push({ Tag: SnsTag.group, Value: [...entry.groups] });
  if (entry.addWording) tags.push({ Tag: SnsTag.addWording, Value: entry.addWording });
  tags.push({ Tag: SnsTag.addTime, Value: entry.addTime });
  return tags;
}

function customFriendTags(entry: FriendEntry): Array<{ Tag: string; Value: CustomValue }> {
  return Object.entries(entry.custom).map(([Tag, Value]) => ({ Tag, Value }));
}

/** SNS tags friend_get_list can read (docs/rest-api.md#friend_get_list); RemarkTime is not among them. */
const READABLE_SNS_TAGS: readonly string[] = [
  SnsTag.remark,
  SnsTag.group,
  SnsTag.addSource,
  SnsTag.addWording,
  SnsTag.addTime,
];

export function friendGetList(core: StoreCore, req: RequestBody<"friendGetList">, faults: ItemFaults): ResponseBody {
  const from = core.requireFrom(req.From_Account, "sns");
  const tags = [...new Set(req.TagList)];
  const unknown = tags.filter(
    (t) =>
      !READABLE_SNS_TAGS.includes(t) &&
      standardProfileType(t) === undefined &&
      !core.config.customSnsTags.has(t) &&
      !core.config.customProfileTags.has(t),
  );
  // Unknown or unconfigured tags: top-level 30001 (docs/rest-api.md#friend_get_list, our choice).
  if (unknown.length > 0) {
    throw new ServiceError(
      30001,
      infoWithDetail(
        30001,
        `TagList holds tags that are unknown or not configured for this app: ${unknown.join(", ")}`,
      ),
    );
  }
  // Fixed family order, TagList order within a family: reproduces the documented sample, whose order is not TagList's
  // (docs/rest-api.md#friend_get_list).
  const snsStandard = READABLE_SNS_TAGS.filter((t) => tags.includes(t));
  const profileStandard = tags.filter((t) => standardProfileType(t) !== undefined);
  const snsCustom = tags.filter((t) => t.startsWith(SNS_CUSTOM_PREFIX));
  const profileCustom = tags.filter((t) => t.startsWith(PROFILE_CUSTOM_PREFIX));
  const results = new ItemResults();
  for (const toId of req.To_Account) {
    const injected = faults(toId);
    const entry = from.friends.get(toId);
    if (injected || !entry) {
      // Not a friend: item 30001 with no SnsProfileItem (the documented sample, docs/rest-api.md#friend_get_list).
      results.fail(toId, injected ?? itemError(30001, "Err_SNS_FriendGetList_Friend_Not_Exist"));
      continue;
    }
    const friend = core.account(toId);
    const items: Array<{ Tag: string; Value: unknown }> = [];
    const standard = standardFriendTags(entry);
    for (const tag of snsStandard) {
      const found = standard.find((t) => t.Tag === tag);
      if (found) items.push(found);
    }
    for (const tag of profileStandard) {
      const value = profileValue(core, friend, tag);
      if (value !== undefined) items.push({ Tag: tag, Value: value });
    }
    for (const tag of snsCustom) {
      if (entry.custom[tag] !== undefined) items.push({ Tag: tag, Value: entry.custom[tag] });
    }
    for (const tag of profileCustom) {
      const value = friend?.profile.get(tag);
      if (value !== undefined && value !== "") items.push({ Tag: tag, Value: value });
    }
    results.push(toId, { SnsProfileItem: items });
  }
  return results.fields("InfoItem");
}
