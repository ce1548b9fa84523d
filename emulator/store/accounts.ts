import { Limits } from "../../provider/commands";
import { ServiceError, infoWithDetail, type ResponseBody } from "../errors";
import type { ItemFaults, RequestBody, StoreCore } from "./core";
import { fitsBytes, isValidUserId } from "./rules";

/** Account rules: `v4/im_open_login_svc/*` (docs/rest-api.md#account_import and the three after it). */

export function accountImport(core: StoreCore, req: RequestBody<"accountImport">): ResponseBody {
  // `Identifier` is the legacy name of `UserID` (docs/rest-api.md#account_import; unconfirmed on the live service).
  const userId = req.UserID ?? req.Identifier;
  if (!isValidUserId(userId)) {
    throw new ServiceError(
      70402,
      infoWithDetail(70402, `UserID must be 1 to 32 bytes of printable ASCII, got ${JSON.stringify(userId ?? null)}`),
    );
  }
  for (const [field, value] of [
    ["Nick", req.Nick],
    ["FaceUrl", req.FaceUrl],
  ] as const) {
    if (value !== undefined && !fitsBytes(value, Limits.profileValueMaxBytes)) {
      throw new ServiceError(
        40601,
        infoWithDetail(
          40601,
          `${field} is ${Buffer.byteLength(value)} bytes, at most ${Limits.profileValueMaxBytes} allowed`,
        ),
      );
    }
  }
  const account = core.importAccount(userId);
  if (!account)
    throw new ServiceError(70398, infoWithDetail(70398, `the app already has ${core.accounts.size} accounts`));
  // A re-import is not an error and overwrites the fields it carries, "" included: an empty Nick or FaceUrl clears
  // the stored one (docs/rest-api.md#account_import, our choice; null counts as absent).
  if (req.Nick !== undefined) account.profile.set("Tag_Profile_IM_Nick", req.Nick);
  if (req.FaceUrl !== undefined) account.profile.set("Tag_Profile_IM_Image", req.FaceUrl);
  if (req.Nick !== undefined || req.FaceUrl !== undefined) core.changed(account);
  return {};
}

export function multiaccountImport(core: StoreCore, req: RequestBody<"multiaccountImport">): ResponseBody {
  // Invalid ids and ids refused by the account limit are reported in FailAccounts, the rest imported.
  const failed = req.Accounts.filter((id) => !isValidUserId(id) || !core.importAccount(id));
  // FailAccounts, not Fail_Account (docs/rest-api.md#multiaccount_import); always present, empty when every account was
  // imported.
  return { FailAccounts: failed };
}

export function accountCheck(core: StoreCore, req: RequestBody<"accountCheck">): ResponseBody {
  // A missing account is not an error: ResultCode 0 and "NotImported" (docs/rest-api.md#account_check).
  return {
    ResultItem: req.CheckItem.map(({ UserID }) => ({
      UserID,
      ResultCode: 0,
      ResultInfo: "",
      AccountStatus: core.account(UserID) ? "Imported" : "NotImported",
    })),
  };
}

export function accountDelete(core: StoreCore, req: RequestBody<"accountDelete">, faults: ItemFaults): ResponseBody {
  // Allowed only on Trial/Free plans (docs/rest-api.md#account_delete).
  if (!core.config.accountDeletion)
    throw new ServiceError(
      71000,
      infoWithDetail(71000, "account deletion is allowed only for Trial or Free plan apps"),
    );
  const items = req.DeleteItem.map(({ UserID }) => {
    const injected = faults(UserID);
    if (injected) return { UserID, ResultCode: injected.code, ResultInfo: injected.info };
    if (!core.account(UserID))
      return { UserID, ResultCode: 70107, ResultInfo: "Err_TLS_PT_Open_Login_Account_Not_Exist" };
    deleteAccount(core, UserID);
    return { UserID, ResultCode: 0, ResultInfo: "" };
  });
  return { ResultItem: items };
}

/**
 * Removes an account and every trace of it in other users' friend lists, blocklists and requests
 * (docs/rest-api.md#account_delete, our choice).
 */
function deleteAccount(core: StoreCore, userId: string): void {
  core.accounts.delete(userId);
  core.changed(userId);
  for (const other of core.accounts.values()) {
    core.removeFriend(other, userId);
    if (other.blocklist.delete(userId)) {
      other.sequences.blacklist++;
      core.changed(other);
    }
    if (other.pendingOut.delete(userId)) core.changed(other);
    other.pendingIn.delete(userId);
  }
}

/** Users whose chains an account_delete writes: the deleted accounts and everyone who lists one of them. */
export function accountDeleteTouches(core: StoreCore, req: RequestBody<"accountDelete">): string[] {
  const ids = new Set(req.DeleteItem.map((i) => i.UserID));
  const touched = new Set(ids);
  for (const other of core.accounts.values()) {
    for (const id of ids) if (other.friends.has(id) || other.blocklist.has(id)) touched.add(other.userId);
  }
  return [...touched];
}
