import { z } from "zod";
import { defineCommand, type RequestOf, type ResponseOf, responseSchema } from "./descriptor";

/** Account commands, `v4/im_open_login_svc/*` (docs/rest-api.md#account_import and the three after it). */
const UserItemSchema = z.object({ UserID: z.string() });
const AccountResultSchema = z.looseObject({
  UserID: z.string(),
  ResultCode: z.number().int(),
  ResultInfo: z.string().default(""),
});

export const accountCommands = {
  accountImport: defineCommand({
    service: "im_open_login_svc",
    command: "account_import",
    // `Identifier` is the legacy name of `UserID`; the emulator accepts either (docs/rest-api.md#account_import).
    request: z.object({
      UserID: z.string().optional(),
      Identifier: z.string().optional(),
      Nick: z.string().optional(),
      FaceUrl: z.string().optional(),
    }),
    response: responseSchema({}),
    retrySafe: true,
    writes: false,
    rateLimit: 200,
    family: "account",
  }),
  multiaccountImport: defineCommand({
    service: "im_open_login_svc",
    command: "multiaccount_import",
    request: z.object({ Accounts: z.array(z.string()) }),
    // Spelt FailAccounts here, not Fail_Account (docs/rest-api.md#multiaccount_import).
    response: responseSchema({ FailAccounts: z.array(z.string()).optional() }),
    retrySafe: true,
    writes: false,
    batch: { field: "Accounts", clientLimit: 100, serviceLimit: 100 },
    rateLimit: 100,
    family: "account",
  }),
  accountCheck: defineCommand({
    service: "im_open_login_svc",
    command: "account_check",
    request: z.object({ CheckItem: z.array(UserItemSchema) }),
    response: responseSchema({
      ResultItem: z.array(AccountResultSchema.extend({ AccountStatus: z.string().optional() })).default([]),
    }),
    retrySafe: true,
    writes: false,
    batch: { field: "CheckItem", clientLimit: 100, serviceLimit: 100, results: { field: "ResultItem", key: "UserID" } },
    rateLimit: 100,
    family: "account",
  }),
  accountDelete: defineCommand({
    service: "im_open_login_svc",
    command: "account_delete",
    request: z.object({ DeleteItem: z.array(UserItemSchema) }),
    response: responseSchema({ ResultItem: z.array(AccountResultSchema).default([]) }),
    retrySafe: true,
    writes: true,
    batch: {
      field: "DeleteItem",
      clientLimit: 100,
      serviceLimit: 100,
      results: { field: "ResultItem", key: "UserID" },
    },
    rateLimit: 100,
    family: "account",
  }),
};

export type AccountImportRequest = RequestOf<typeof accountCommands.accountImport>;
export type AccountCheckItem = ResponseOf<typeof accountCommands.accountCheck>["ResultItem"][number];
export type AccountDeleteItem = ResponseOf<typeof accountCommands.accountDelete>["ResultItem"][number];
