import { z } from "zod";
import { defineCommand, type RequestOf, type ResponseOf, responseSchema } from "./descriptor";
import {
  FailAccountSchema,
  RelationItemSchema,
  TagItemSchema,
  itemResultsShape,
  relationCheckRequestSchema,
} from "./wire";

const DeleteTypeSchema = z.enum(["Delete_Type_Single", "Delete_Type_Both"]);

/** Friend commands, `v4/sns/friend_*` (docs/rest-api.md#friend_add to #friend_get_list). */
export const friendCommands = {
  friendAdd: defineCommand({
    service: "sns",
    command: "friend_add",
    request: z.object({
      From_Account: z.string(),
      AddFriendItem: z.array(
        z.object({
          To_Account: z.string(),
          Remark: z.string().optional(),
          // One list only when adding; friend_import takes an array (docs/rest-api.md#friend_add).
          GroupName: z.string().optional(),
          AddSource: z.string().optional(),
          AddWording: z.string().optional(),
        }),
      ),
      AddType: z.enum(["Add_Type_Both", "Add_Type_Single"]).optional(),
      ForceAddFlags: z.number().int().optional(),
    }),
    response: responseSchema(itemResultsShape),
    retrySafe: false,
    writes: true,
    // The service cap is not documented: the emulator takes 1000, the client sends 100.
    batch: {
      field: "AddFriendItem",
      clientLimit: 100,
      serviceLimit: 1000,
      results: { field: "ResultItem", key: "To_Account" },
    },
    rateLimit: 200,
    family: "sns",
  }),
  friendImport: defineCommand({
    service: "sns",
    command: "friend_import",
    request: z.object({
      From_Account: z.string(),
      AddFriendItem: z.array(
        z.object({
          To_Account: z.string(),
          AddSource: z.string().optional(),
          Remark: z.string().optional(),
          RemarkTime: z.number().int().optional(),
          GroupName: z.array(z.string()).optional(),
          AddWording: z.string().optional(),
          AddTime: z.number().int().optional(),
          CustomItem: z.array(TagItemSchema).optional(),
        }),
      ),
    }),
    response: responseSchema(itemResultsShape),
    retrySafe: false,
    writes: true,
    batch: {
      field: "AddFriendItem",
      clientLimit: 1000,
      serviceLimit: 1000,
      results: { field: "ResultItem", key: "To_Account" },
    },
    rateLimit: 200,
    family: "sns",
  }),
  friendUpdate: defineCommand({
    service: "sns",
    command: "friend_update",
    request: z.object({
      From_Account: z.string(),
      UpdateItem: z.array(z.object({ To_Account: z.string(), SnsItem: z.array(TagItemSchema) })),
    }),
    response: responseSchema(itemResultsShape),
    // Setting the same values again is harmless.
    retrySafe: true,
    writes: true,
    batch: {
      field: "UpdateItem",
      clientLimit: 1000,
      serviceLimit: 1000,
      results: { field: "ResultItem", key: "To_Account" },
    },
    rateLimit: 200,
    family: "sns",
  }),
  friendDelete: defineCommand({
    service: "sns",
    command: "friend_delete",
    request: z.object({
      From_Account: z.string(),
      To_Account: z.array(z.string()),
      DeleteType: DeleteTypeSchema.optional(),
    }),
    response: responseSchema(itemResultsShape),
    retrySafe: false,
    writes: true,
    batch: {
      field: "To_Account",
      clientLimit: 1000,
      serviceLimit: 1000,
      results: { field: "ResultItem", key: "To_Account" },
    },
    rateLimit: 200,
    family: "sns",
  }),
  friendDeleteAll: defineCommand({
    service: "sns",
    command: "friend_delete_all",
    request: z.object({ From_Account: z.string(), DeleteType: DeleteTypeSchema.optional() }),
    response: responseSchema({}),
    retrySafe: true,
    writes: true,
    rateLimit: 200,
    family: "sns",
  }),
  friendCheck: defineCommand({
    service: "sns",
    command: "friend_check",
    request: relationCheckRequestSchema(["CheckResult_Type_Single", "CheckResult_Type_Both"]),
    response: responseSchema({ InfoItem: z.array(RelationItemSchema).default([]), Fail_Account: FailAccountSchema }),
    retrySafe: true,
    writes: false,
    batch: {
      field: "To_Account",
      clientLimit: 1000,
      serviceLimit: 1000,
      results: { field: "InfoItem", key: "To_Account" },
    },
    rateLimit: 200,
    family: "sns",
  }),
  friendGet: defineCommand({
    service: "sns",
    command: "friend_get",
    request: z.object({
      From_Account: z.string(),
      StartIndex: z.number().int(),
      StandardSequence: z.number().int().optional(),
      CustomSequence: z.number().int().optional(),
    }),
    response: responseSchema({
      // Absent when the user has no friends (docs/rest-api.md#friend_get).
      UserDataItem: z
        .array(z.looseObject({ To_Account: z.string(), ValueItem: z.array(TagItemSchema).default([]) }))
        .default([]),
      StandardSequence: z.number().int().default(0),
      CustomSequence: z.number().int().default(0),
      FriendNum: z.number().int().default(0),
      CompleteFlag: z.number().int().default(1),
      NextStartIndex: z.number().int().default(0),
    }),
    retrySafe: true,
    writes: false,
    rateLimit: 200,
    family: "sns",
  }),
  friendGetList: defineCommand({
    service: "sns",
    command: "friend_get_list",
    request: z.object({ From_Account: z.string(), To_Account: z.array(z.string()), TagList: z.array(z.string()) }),
    response: responseSchema({
      InfoItem: z
        .array(
          z.looseObject({
            To_Account: z.string(),
            SnsProfileItem: z.array(TagItemSchema).default([]),
            ResultCode: z.number().int().default(0),
            ResultInfo: z.string().default(""),
          }),
        )
        .default([]),
      Fail_Account: FailAccountSchema,
    }),
    retrySafe: true,
    writes: false,
    // Tencent recommends 100 per call; the hard cap is not documented, the emulator takes 1000.
    batch: {
      field: "To_Account",
      clientLimit: 100,
      serviceLimit: 1000,
      results: { field: "InfoItem", key: "To_Account" },
    },
    rateLimit: 200,
    family: "sns",
  }),
};

export type FriendImportItem = RequestOf<typeof friendCommands.friendImport>["AddFriendItem"][number];
export type FriendUpdateItem = RequestOf<typeof friendCommands.friendUpdate>["UpdateItem"][number];
export type DeleteType = z.infer<typeof DeleteTypeSchema>;
export type FriendInfoItem = ResponseOf<typeof friendCommands.friendGetList>["InfoItem"][number];
export type FriendDataItem = ResponseOf<typeof friendCommands.friendGet>["UserDataItem"][number];
