import { z } from "zod";
import { defineCommand, type ResponseOf, responseSchema } from "./descriptor";
import { FailAccountSchema, TagItemSchema } from "./wire";

/** Profile commands, `v4/profile/portrait_*` (docs/rest-api.md#portrait_set, #portrait_get). */
export const profileCommands = {
  portraitSet: defineCommand({
    service: "profile",
    command: "portrait_set",
    request: z.object({ From_Account: z.string(), ProfileItem: z.array(TagItemSchema) }),
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
            ProfileItem: z.array(TagItemSchema).default([]),
            ResultCode: z.number().int().default(0),
            ResultInfo: z.string().default(""),
          }),
        )
        .default([]),
      Fail_Account: FailAccountSchema,
    }),
    retrySafe: true,
    writes: false,
    batch: {
      field: "To_Account",
      clientLimit: 100,
      serviceLimit: 100,
      results: { field: "UserProfileItem", key: "To_Account" },
    },
    rateLimit: 200,
    family: "profile",
  }),
};

export type UserProfileItem = ResponseOf<typeof profileCommands.portraitGet>["UserProfileItem"][number];
