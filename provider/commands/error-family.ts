/** Which code family answers a malformed or oversized request (docs/rest-api.md#project-choices). */
export type ErrorFamily = "sns" | "profile" | "account";
