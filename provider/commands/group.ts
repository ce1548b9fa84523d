import { z } from "zod";
import { defineCommand, responseSchema } from "./descriptor";
import { failAccountSchema, resultItemSchema } from "./wire";

/** Friend-list commands, `v4/sns/group_*` (spec §4.13–4.15). */
export function groupCommands() {
  return {
    groupAdd: defineCommand({
      service: "sns",
      command: "group_add",
      request: z.object({
        From_Account: z.string(),
        GroupName: z.array(z.string()),
        To_Account: z.array(z.string()).optional(),
      }),
      response: responseSchema({
        CurrentSequence: z.number().int().default(0),
        ResultItem: z.array(resultItemSchema()).default([]),
        Fail_Account: failAccountSchema(),
      }),
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
}
