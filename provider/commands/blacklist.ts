import { z } from "zod";
import { defineCommand, responseSchema } from "./descriptor";
import { FailAccountSchema, RelationItemSchema, itemResultsShape, relationCheckRequestSchema } from "./wire";

/** Blocklist commands, `v4/sns/black_list_*` (docs/rest-api.md#black_list_add to #black_list_check). */
const PairRequestSchema = z.object({ From_Account: z.string(), To_Account: z.array(z.string()) });
const perAccount = { results: { field: "ResultItem", key: "To_Account" } } as const;

export const blacklistCommands = {
  blackListAdd: defineCommand({
    service: "sns",
    command: "black_list_add",
    request: PairRequestSchema,
    response: responseSchema(itemResultsShape),
    retrySafe: false,
    writes: true,
    batch: { field: "To_Account", clientLimit: 1000, serviceLimit: 1000, ...perAccount },
    rateLimit: 200,
    family: "sns",
  }),
  blackListDelete: defineCommand({
    service: "sns",
    command: "black_list_delete",
    request: PairRequestSchema,
    response: responseSchema(itemResultsShape),
    retrySafe: false,
    writes: true,
    batch: { field: "To_Account", clientLimit: 1000, serviceLimit: 1000, ...perAccount },
    rateLimit: 200,
    family: "sns",
  }),
  blackListGet: defineCommand({
    service: "sns",
    command: "black_list_get",
    request: z.object({
      From_Account: z.string(),
      StartIndex: z.number().int(),
      MaxLimited: z.number().int(),
      LastSequence: z.number().int(),
    }),
    response: responseSchema({
      BlackListItem: z
        .array(z.looseObject({ To_Account: z.string(), AddBlackTimeStamp: z.number().int().default(0) }))
        .default([]),
      StartIndex: z.number().int().default(0),
      // Misspelt so by the service (docs/rest-api.md#black_list_get); CurrentSequence is read as a fallback.
      CurruentSequence: z.number().int().optional(),
      CurrentSequence: z.number().int().optional(),
    }),
    retrySafe: true,
    writes: false,
    rateLimit: 200,
    family: "sns",
  }),
  blackListCheck: defineCommand({
    service: "sns",
    command: "black_list_check",
    request: relationCheckRequestSchema(["BlackCheckResult_Type_Single", "BlackCheckResult_Type_Both"]),
    response: responseSchema({
      BlackListCheckItem: z.array(RelationItemSchema).default([]),
      Fail_Account: FailAccountSchema,
    }),
    retrySafe: true,
    writes: false,
    batch: {
      field: "To_Account",
      clientLimit: 1000,
      serviceLimit: 1000,
      results: { field: "BlackListCheckItem", key: "To_Account" },
    },
    rateLimit: 200,
    family: "sns",
  }),
};
