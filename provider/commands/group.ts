import { z } from "zod";
import { defineCommand, responseSchema } from "./descriptor";
import { itemResultsShape } from "./wire";

/** Friend-list commands, `v4/sns/group_*` (docs/rest-api.md#group_add, #group_delete, #group_get). */
export const groupCommands = {
  groupAdd: defineCommand({
    service: "sns",
    command: "group_add",
    request: z.object({
      From_Account: z.string(),
      GroupName: z.array(z.string()),
      // Some clients send null for "no friends"; the service treats an optional field given as null as absent.
      To_Account: z
        .array(z.string())
        .nullish()
        .transform((v) => v ?? undefined),
    }),
    response: responseSchema({ CurrentSequence: z.number().int().default(0), ...itemResultsShape }),
    retrySafe: true,
    writes: true,
    batch: { field: "GroupName", clientLimit: 32, serviceLimit: 32 },
    rateLimit: 200,
    family: "sns",
  }),
  groupDelete: defineCommand({
    service: "sns",
    command: "group_delete",
    request: z.object({ From_Account: z.string(), GroupName: z.array(z.string()) }),
    response: responseSchema({ CurrentSequence: z.number().int().default(0) }),
    retrySafe: true,
    writes: true,
    batch: { field: "GroupName", clientLimit: 32, serviceLimit: 32 },
    rateLimit: 200,
    family: "sns",
  }),
  groupGet: defineCommand({
    service: "sns",
    command: "group_get",
    request: z.object({
      From_Account: z.string(),
      NeedFriend: z.string().optional(),
      GroupName: z.array(z.string()).optional(),
      LastSequence: z.number().int().optional(),
    }),
    response: responseSchema({
      ResultItem: z
        .array(
          z.looseObject({
            GroupName: z.string(),
            FriendNumber: z.number().int().default(0),
            To_Account: z.array(z.string()).optional(),
          }),
        )
        .default([]),
      CurrentSequence: z.number().int().default(0),
    }),
    retrySafe: true,
    writes: false,
    rateLimit: 200,
    family: "sns",
  }),
};
