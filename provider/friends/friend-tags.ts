/**
 * The tags one friend may manage; a field left out is not managed. Written out rather than inferred from the schema
 * (field-rules.ts checks that both agree), so the published types do not depend on zod.
 */
export interface FriendTags {
  /** `Tag_SNS_IM_Remark`. */
  remark?: string;
  /** `Tag_SNS_IM_Group`: the friend lists, a set. */
  groups?: string[];
  /** `Tag_SNS_Custom_<keyword>` by keyword. */
  customFields?: Record<string, string>;
}
