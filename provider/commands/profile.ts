import { z } from "zod";
import { defineCommand, responseSchema } from "./descriptor";
import { failAccountSchema, tagItemSchema } from "./wire";

/** Profile commands, `v4/profile/portrait_*` (spec §4.20–4.21). */
export function profileCommands() {
  return {
    portraitSet: defineCommand({
      service: "profile",
      command: "portrait_set",
      request: z.object({ From_Account: z.string(), ProfileItem: z.array(tagItemSchema()) }),
      response: responseSchema({}),
      retrySafe: true,
      writes: false,
      rateLimit: 200,
      family: "profile",
    }),
    portraitGet: defineCommand({
      service: "profile",
      command: "portrait_get",
      // There is no From_Account on this command.
      request: z.object({ To_Account: z.array(z.string()), TagList: z.array(z.string()) }),
      response: responseSchema({
        UserProfileItem: z
          .array(
            z.looseObject({
              To_Account: z.string(),
              ProfileItem: z.array(tagItemSchema()).default([]),
              ResultCode: z.number().int().default(0),
              ResultInfo: z.string().default(""),
            }),
          )
          .default([]),
        Fail_Account: failAccountSchema(),
      }),
      retrySafe: true,
      writes: false,
      batch: { field: "To_Account", clientLimit: 100, serviceLimit: 100 },
      rateLimit: 200,
      family: "profile",
    }),
  };
}
