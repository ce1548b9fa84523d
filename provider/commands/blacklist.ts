import { z } from "zod";
import { defineCommand, responseSchema } from "./descriptor";
import { failAccountSchema, relationCheckRequestSchema, relationItemSchema, resultItemSchema } from "./wire";

/** Blocklist commands, `v4/sns/black_list_*` (spec §4.16–4.19). */
export function blacklistCommands() {
  const pairRequest = () => z.object({ From_Account: z.string(), To_Account: z.array(z.string()) });
  const itemResults = () => ({
    ResultItem: z.array(resultItemSchema()).default([]),
    Fail_Account: failAccountSchema(),
  });
  return {
    blackListAdd: defineCommand({
      service: "sns",
      command: "black_list_add",
      request: pairRequest(),
      response: responseSchema(itemResults()),
      retrySafe: false,
      writes: true,
      batch: { field: "To_Account", clientLimit: 1000, serviceLimit: 1000 },
      rateLimit: 200,
      family: "sns",
    }),
    blackListDelete: defineCommand({
      service: "sns",
      command: "black_list_delete",
      request: pairRequest(),
      response: responseSchema(itemResults()),
      retrySafe: false,
      writes: true,
      batch: { field: "To_Account", clientLimit: 1000, serviceLimit: 1000 },
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
        // Misspelt so in the docs and on the live service (spec §4.18); CurrentSequence is read as a fallback.
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
        BlackListCheckItem: z.array(relationItemSchema()).default([]),
        Fail_Account: failAccountSchema(),
      }),
      retrySafe: true,
      writes: false,
      batch: { field: "To_Account", clientLimit: 1000, serviceLimit: 1000 },
      rateLimit: 200,
      family: "sns",
    }),
  };
}
