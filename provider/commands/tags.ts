/** Tag names of the relationship chain and profiles (docs/data-model.md). */
export const SnsTag = {
  remark: "Tag_SNS_IM_Remark",
  group: "Tag_SNS_IM_Group",
  addSource: "Tag_SNS_IM_AddSource",
  addWording: "Tag_SNS_IM_AddWording",
  addTime: "Tag_SNS_IM_AddTime",
  remarkTime: "Tag_SNS_IM_RemarkTime",
} as const;

export const SNS_CUSTOM_PREFIX = "Tag_SNS_Custom_";
export const PROFILE_CUSTOM_PREFIX = "Tag_Profile_Custom_";

/** Standard profile tags and their value types. */
export const StandardProfileTags: Readonly<Record<string, "string" | "integer">> = {
  Tag_Profile_IM_Nick: "string",
  Tag_Profile_IM_Gender: "string",
  Tag_Profile_IM_BirthDay: "integer",
  Tag_Profile_IM_Location: "string",
  Tag_Profile_IM_SelfSignature: "string",
  Tag_Profile_IM_AllowType: "string",
  Tag_Profile_IM_Language: "integer",
  Tag_Profile_IM_Image: "string",
  Tag_Profile_IM_AdminForbidType: "string",
  Tag_Profile_IM_Level: "integer",
  Tag_Profile_IM_Role: "integer",
  Tag_Profile_IM_MsgSettings: "integer",
};

/** A custom keyword: letters only, at most 8 bytes (docs/data-model.md#custom-friend-fields). */
export function isCustomKeyword(keyword: string): boolean {
  return /^[A-Za-z]{1,8}$/.test(keyword);
}

/** What a standard profile field takes (docs/data-model.md#profile-fields). */
export interface ProfileFieldRule {
  type: "string" | "integer";
  /** The only values a string field takes, when it is an enumeration. */
  values?: readonly string[];
  /** Byte limit of a string field (default `Limits.profileValueMaxBytes`). */
  maxBytes?: number;
  /** What the field means when it was never set. */
  unset: string | number;
}

export const ProfileFieldRules: Readonly<Record<string, ProfileFieldRule>> = {
  Tag_Profile_IM_Nick: { type: "string", unset: "" },
  Tag_Profile_IM_Gender: {
    type: "string",
    values: ["Gender_Type_Unknown", "Gender_Type_Female", "Gender_Type_Male"],
    unset: "Gender_Type_Unknown",
  },
  Tag_Profile_IM_BirthDay: { type: "integer", unset: 0 },
  Tag_Profile_IM_Location: { type: "string", maxBytes: 16, unset: "" },
  Tag_Profile_IM_SelfSignature: { type: "string", unset: "" },
  Tag_Profile_IM_AllowType: {
    type: "string",
    values: ["AllowType_Type_NeedConfirm", "AllowType_Type_AllowAny", "AllowType_Type_DenyAny"],
    unset: "AllowType_Type_NeedConfirm",
  },
  Tag_Profile_IM_Language: { type: "integer", unset: 0 },
  Tag_Profile_IM_Image: { type: "string", unset: "" },
  Tag_Profile_IM_AdminForbidType: {
    type: "string",
    values: ["AdminForbid_Type_None", "AdminForbid_Type_SendOut"],
    unset: "AdminForbid_Type_None",
  },
  Tag_Profile_IM_Level: { type: "integer", unset: 0 },
  Tag_Profile_IM_Role: { type: "integer", unset: 0 },
  Tag_Profile_IM_MsgSettings: { type: "integer", unset: 0 },
};
