import { Limits, PROFILE_CUSTOM_PREFIX } from "../../provider/commands";
import { ServiceError, infoWithDetail, type ResponseBody } from "../errors";
import type { ItemFaults, RequestBody, StoreCore } from "./core";
import { fitsBytes, ProfileByteLimits, ProfileEnums, standardProfileType } from "./rules";
import type { Account, CustomValue } from "./state";

/**
 * Profile rules: `v4/profile/portrait_*` (docs/rest-api.md#portrait_set, #portrait_get,
 * docs/data-model.md#profile-fields).
 */

/**
 * Standard profile fields whose value when never set is documented (docs/data-model.md#profile-fields): they are
 * not "unset", so reads return these values whatever `unsetProfileTags` says.
 */
export const PROFILE_DEFAULTS: Readonly<Record<string, string>> = {
  Tag_Profile_IM_Gender: "Gender_Type_Unknown",
  Tag_Profile_IM_AllowType: "AllowType_Type_NeedConfirm",
  Tag_Profile_IM_AdminForbidType: "AdminForbid_Type_None",
};

/**
 * A profile tag's value as read back: the stored value (an empty Nick stored by account_import is a value), else
 * the documented default, else for other standard tags nothing by default (the friend_get_list sample leaves an
 * unset Tag_Profile_IM_Image out, docs/rest-api.md#friend_get_list) or `""`/`0` with `unsetProfileTags: "empty"`.
 * Unset custom tags are left out.
 */
export function profileValue(core: StoreCore, account: Account | undefined, tag: string): CustomValue | undefined {
  const value = account?.profile.get(tag);
  if (value !== undefined) return value;
  if (Object.hasOwn(PROFILE_DEFAULTS, tag)) return PROFILE_DEFAULTS[tag];
  const type = standardProfileType(tag);
  if (type === undefined || core.config.unsetProfileTags === "omit") return undefined;
  return type === "integer" ? 0 : "";
}

function isKnownProfileTag(core: StoreCore, tag: string): boolean {
  return standardProfileType(tag) !== undefined || core.config.customProfileTags.has(tag);
}

export function portraitSet(core: StoreCore, req: RequestBody<"portraitSet">): ResponseBody {
  const account = core.requireFrom(req.From_Account, "profile");
  const updates = new Map<string, CustomValue>();
  // Every item is checked before any is written: portrait_set fails as a whole (docs/rest-api.md#portrait_set).
  for (const { Tag, Value } of req.ProfileItem) {
    if (!isKnownProfileTag(core, Tag)) {
      const why = Tag.startsWith(PROFILE_CUSTOM_PREFIX) ? "is not configured for this app" : "is not a profile tag";
      throw new ServiceError(40009, infoWithDetail(40009, `${Tag} ${why}`));
    }
    const type = standardProfileType(Tag) ?? "string";
    if (type === "integer") {
      if (typeof Value !== "number")
        throw new ServiceError(40610, infoWithDetail(40610, `${Tag} takes an integer, got ${JSON.stringify(Value)}`));
      // uint32 fields (docs/data-model.md#profile-fields).
      if (!Number.isInteger(Value) || Value < 0 || Value > 0xffffffff) {
        throw new ServiceError(40605, infoWithDetail(40605, `${Tag} takes an unsigned 32-bit integer, got ${Value}`));
      }
    } else {
      if (typeof Value !== "string")
        throw new ServiceError(40610, infoWithDetail(40610, `${Tag} takes a string, got ${JSON.stringify(Value)}`));
      const maxBytes = Object.prototype.hasOwnProperty.call(ProfileByteLimits, Tag)
        ? ProfileByteLimits[Tag]
        : Limits.profileValueMaxBytes;
      if (!fitsBytes(Value, maxBytes)) {
        throw new ServiceError(
          40601,
          infoWithDetail(40601, `${Tag} is ${Buffer.byteLength(Value)} bytes, at most ${maxBytes} allowed`),
        );
      }
      const allowed = Object.prototype.hasOwnProperty.call(ProfileEnums, Tag) ? ProfileEnums[Tag] : undefined;
      if (allowed && !allowed.includes(Value)) {
        throw new ServiceError(
          40605,
          infoWithDetail(40605, `${Tag} must be one of ${allowed.join(", ")}, got ${JSON.stringify(Value)}`),
        );
      }
    }
    updates.set(Tag, Value);
  }
  for (const [tag, value] of updates) account.profile.set(tag, value);
  if (updates.size > 0) core.changed(account);
  return {};
}

export function portraitGet(core: StoreCore, req: RequestBody<"portraitGet">, faults: ItemFaults): ResponseBody {
  if (req.To_Account.length === 0) throw new ServiceError(40002, "Err_Profile_No_To_Account: To_Account is empty");
  const tags = [...new Set(req.TagList)];
  const unknown = tags.filter((t) => !isKnownProfileTag(core, t));
  if (unknown.length > 0) {
    throw new ServiceError(
      40009,
      infoWithDetail(
        40009,
        `TagList holds tags that are unknown or not configured for this app: ${unknown.join(", ")}`,
      ),
    );
  }
  // Every account must be imported, or the whole call fails (docs/rest-api.md#portrait_get; a whole-request 40003 is
  // our choice).
  const missing = req.To_Account.filter((id) => !core.account(id));
  if (missing.length > 0) {
    throw new ServiceError(
      40003,
      infoWithDetail(40003, `To_Account holds accounts that are not imported: ${missing.slice(0, 10).join(", ")}`),
    );
  }
  const items: ResponseBody[] = [];
  const failed: string[] = [];
  for (const id of req.To_Account) {
    const injected = faults(id);
    if (injected) {
      items.push({ To_Account: id, ProfileItem: [], ResultCode: injected.code, ResultInfo: injected.info });
      failed.push(id);
      continue;
    }
    const account = core.account(id);
    const profileItems = tags.flatMap((tag) => {
      const value = profileValue(core, account, tag);
      return value === undefined ? [] : [{ Tag: tag, Value: value }];
    });
    items.push({ To_Account: id, ProfileItem: profileItems, ResultCode: 0, ResultInfo: "" });
  }
  const body: ResponseBody = { UserProfileItem: items };
  if (failed.length > 0) body.Fail_Account = failed;
  return body;
}
