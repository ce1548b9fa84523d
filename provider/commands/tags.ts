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
