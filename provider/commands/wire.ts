import { z } from "zod";

/** Pieces of wire shape that several commands share. Factories, for the reason given in descriptor.ts. */

/** A tag value: a string, a string array (only Tag_SNS_IM_Group) or an integer (spec §5.2). */
export function tagValueSchema() {
  return z.union([z.string(), z.array(z.string()), z.number()]);
}

export function tagItemSchema() {
  return z.object({ Tag: z.string(), Value: tagValueSchema() });
}

/** Per-item outcome in batch responses: `To_Account`, `ResultCode` and `ResultInfo` (spec §1.4). */
export function resultItemSchema() {
  return z.looseObject({
    To_Account: z.string(),
    ResultCode: z.number().int(),
    ResultInfo: z.string().default(""),
  });
}

/** `Fail_Account` appears only when at least one item failed. */
export function failAccountSchema() {
  return z.array(z.string()).optional();
}

export type TagValue = z.infer<ReturnType<typeof tagValueSchema>>;
export type TagItem = z.infer<ReturnType<typeof tagItemSchema>>;
export type ResultItem = z.infer<ReturnType<typeof resultItemSchema>>;

/** An item of friend_check and black_list_check: a per-item result naming the relation found (spec §4.10, §4.19). */
export function relationItemSchema() {
  return resultItemSchema().extend({ Relation: z.string() });
}

/** The request of friend_check and black_list_check: only the CheckType values differ. */
export function relationCheckRequestSchema<const Types extends readonly [string, string]>(checkTypes: Types) {
  return z.object({ From_Account: z.string(), To_Account: z.array(z.string()), CheckType: z.enum(checkTypes) });
}
