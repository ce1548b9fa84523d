import { z } from "zod";
import { defineCommand, responseSchema } from "./descriptor";

/** Account commands, `v4/im_open_login_svc/*` (spec §4.1–4.4). */
export function accountCommands() {
  const userItem = z.object({ UserID: z.string() });
  return {
    accountImport: defineCommand({
      service: "im_open_login_svc",
      command: "account_import",
      // `Identifier` is the legacy name of `UserID`; the emulator accepts either (spec §4.1).
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
      // Note the spelling: FailAccounts, not Fail_Account (spec §4.2).
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
      request: z.object({ CheckItem: z.array(userItem) }),
      response: responseSchema({
        ResultItem: z
          .array(
            z.looseObject({
              UserID: z.string(),
              ResultCode: z.number().int(),
              ResultInfo: z.string().default(""),
              AccountStatus: z.string().optional(),
            }),
          )
          .default([]),
      }),
      retrySafe: true,
      writes: false,
      batch: { field: "CheckItem", clientLimit: 100, serviceLimit: 100 },
      rateLimit: 100,
      family: "account",
    }),
    accountDelete: defineCommand({
      service: "im_open_login_svc",
      command: "account_delete",
      request: z.object({ DeleteItem: z.array(userItem) }),
      response: responseSchema({
        ResultItem: z
          .array(
            z.looseObject({ UserID: z.string(), ResultCode: z.number().int(), ResultInfo: z.string().default("") }),
          )
          .default([]),
      }),
      retrySafe: true,
      writes: true,
      batch: { field: "DeleteItem", clientLimit: 100, serviceLimit: 100 },
      rateLimit: 100,
      family: "account",
    }),
  };
}
