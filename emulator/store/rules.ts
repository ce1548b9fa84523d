import { Limits, StandardProfileTags, utf8Bytes } from "../../provider/commands";
import type { CustomTagConfig } from "../options";

/** Field rules of the data model (docs/data-model.md), as pure predicates. */

/** Printable ASCII, 1–32 bytes (docs/data-model.md#userids, the emulator's reading of the conflicting sources). */
export function isValidUserId(id: unknown): id is string {
  return (
    typeof id === "string" && id.length >= 1 && utf8Bytes(id) <= Limits.userIdMaxBytes && /^[\x20-\x7e]+$/.test(id)
  );
}

/** `AddSource_Type_` plus a keyword of letters, at most 8 bytes (docs/data-model.md#friend-fields). */
export function isValidAddSource(source: unknown): source is string {
  const prefix = "AddSource_Type_";
  return (
    typeof source === "string" &&
    source.startsWith(prefix) &&
    /^[A-Za-z]+$/.test(source.slice(prefix.length)) &&
    source.length - prefix.length <= Limits.addSourceKeywordMaxBytes
  );
}

export function fitsBytes(text: string, maxBytes: number): boolean {
  return utf8Bytes(text) <= maxBytes;
}

/** A friend-list name: non-empty, at most 30 bytes (docs/data-model.md#friend-fields). */
export function isValidGroupName(name: unknown): name is string {
  return typeof name === "string" && name.length > 0 && fitsBytes(name, Limits.groupNameMaxBytes);
}

/** Why a custom field value is refused, or undefined when it is fine (docs/data-model.md#custom-friend-fields). */
export function customValueProblem(config: CustomTagConfig, value: unknown): string | undefined {
  if (config.type === "integer") {
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0
      ? undefined
      : `${config.tag} takes a non-negative integer, got ${JSON.stringify(value)}`;
  }
  if (typeof value !== "string") return `${config.tag} takes a string, got ${JSON.stringify(value)}`;
  if (!fitsBytes(value, Limits.customValueMaxBytes)) {
    return `${config.tag} is ${Buffer.byteLength(value)} bytes, at most ${Limits.customValueMaxBytes} allowed`;
  }
  return undefined;
}

/** A cleared custom value: `""` for strings, `0` for integers (docs/data-model.md#clearing-a-field, our choice). */
export function isClearedCustomValue(value: unknown): boolean {
  return value === "" || value === 0;
}

/** The value type of a standard profile tag, or undefined (own keys only: a tag named `toString` is not one). */
export function standardProfileType(tag: string): "string" | "integer" | undefined {
  return Object.prototype.hasOwnProperty.call(StandardProfileTags, tag) ? StandardProfileTags[tag] : undefined;
}

/** Enumerated standard profile values (docs/data-model.md#profile-fields). */
export const ProfileEnums: Readonly<Record<string, readonly string[]>> = {
  Tag_Profile_IM_Gender: ["Gender_Type_Unknown", "Gender_Type_Female", "Gender_Type_Male"],
  Tag_Profile_IM_AllowType: ["AllowType_Type_NeedConfirm", "AllowType_Type_AllowAny", "AllowType_Type_DenyAny"],
  Tag_Profile_IM_AdminForbidType: ["AdminForbid_Type_None", "AdminForbid_Type_SendOut"],
};

/** Standard profile string fields with a limit below the general 500 bytes (docs/data-model.md#profile-fields). */
export const ProfileByteLimits: Readonly<Record<string, number>> = {
  Tag_Profile_IM_Location: 16,
};
