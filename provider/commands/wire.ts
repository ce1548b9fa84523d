import { z } from "zod";

/** Pieces of wire shape that several commands share. */

/** A tag value: a string, a string array (only Tag_SNS_IM_Group) or an integer (docs/data-model.md#friend-fields). */
export const TagValueSchema = z.union([z.string(), z.array(z.string()), z.number()]);

export const TagItemSchema = z.object({ Tag: z.string(), Value: TagValueSchema });

/** Per-item outcome in batch responses (docs/rest-api.md#two-levels-of-failure). */
export const ResultItemSchema = z.looseObject({
  To_Account: z.string(),
  ResultCode: z.number().int(),
  ResultInfo: z.string().default(""),
});

/** `Fail_Account` appears only when at least one item failed. */
export const FailAccountSchema = z.array(z.string()).optional();

export type TagValue = z.infer<typeof TagValueSchema>;
export type TagItem = z.infer<typeof TagItemSchema>;
export type ResultItem = z.infer<typeof ResultItemSchema>;

/** An item of friend_check and black_list_check: a per-item result naming the relation found. */
export const RelationItemSchema = ResultItemSchema.extend({ Relation: z.string() });

/** The request of friend_check and black_list_check: only the CheckType values differ. */
export function relationCheckRequestSchema<const Types extends readonly [string, string]>(checkTypes: Types) {
  return z.object({ From_Account: z.string(), To_Account: z.array(z.string()), CheckType: z.enum(checkTypes) });
}

/** The per-item results of most batch writes: `ResultItem` plus `Fail_Account`. */
export const itemResultsShape = {
  ResultItem: z.array(ResultItemSchema).default([]),
  Fail_Account: FailAccountSchema,
};
