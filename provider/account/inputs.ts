import { z } from "zod";
import { type CheckOutcome, failuresFromIssues, propertyPath, unknownPropertyFailures } from "../checks";
import { UserIdSchema } from "../friends/field-rules";
import { FaceUrlSchema, NickSchema, ProfileSchema } from "./profile-rules";

/**
 * The inputs of an Account, their validation (the provider's `check`) and their typed form. Pure: no network.
 * A profile field left out is not managed; one removed later is cleared to its unset value.
 */
export const ACCOUNT_PROPERTIES: readonly string[] = ["userId", "nick", "faceUrl", "profile"];

export const AccountInputsSchema = z.strictObject({
  userId: UserIdSchema,
  nick: NickSchema.optional(),
  faceUrl: FaceUrlSchema.optional(),
  profile: ProfileSchema.optional(),
});

export type AccountInputs = z.infer<typeof AccountInputsSchema>;

/** What the resource records: the managed fields as they really are, and who created the account. */
export interface AccountOutputs {
  userId: string;
  nick?: string;
  faceUrl?: string;
  /** Exactly the profile tags the resource manages, with their current values. */
  profile?: Record<string, string | number>;
  /** True if this resource imported the account (delete removes it), false if it adopted an existing one. */
  createdByResource: boolean;
  /** On an adopted account: the managed profile tags as they were before; deleting the resource writes them back. */
  profileBeforeAdoption?: Record<string, string | number>;
}

function declared(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).filter(([key, value]) => key !== "__provider" && value !== undefined),
  );
}

export function checkAccount(news: Record<string, unknown>): CheckOutcome {
  const given = declared(news);
  const known = Object.fromEntries(Object.entries(given).filter(([key]) => ACCOUNT_PROPERTIES.includes(key)));
  return {
    inputs: news,
    failures: [
      ...unknownPropertyFailures(given, ACCOUNT_PROPERTIES),
      ...failuresFromIssues(AccountInputsSchema.safeParse(known).error?.issues ?? [], given),
    ],
  };
}

export function parseAccountInputs(props: Record<string, unknown>): AccountInputs {
  const given = declared(props);
  const parsed = AccountInputsSchema.safeParse(
    Object.fromEntries(Object.entries(given).filter(([key]) => ACCOUNT_PROPERTIES.includes(key))),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${propertyPath(i.path)}: ${i.message}`).join("; ");
    throw new TypeError(`invalid Account inputs: ${problems}`);
  }
  return parsed.data;
}
