/** Limits of the data model (docs/data-model.md), shared by the provider's `check` and the emulator's rules. */
export const Limits = {
  userIdMaxBytes: 32,
  remarkMaxBytes: 96,
  groupNameMaxBytes: 30,
  groupsPerUser: 32,
  addWordingMaxBytes: 256,
  /** The keyword after `AddSource_Type_`. */
  addSourceKeywordMaxBytes: 8,
  /** The keyword after `Tag_SNS_Custom_` or `Tag_Profile_Custom_`. */
  customKeywordMaxBytes: 8,
  customValueMaxBytes: 500,
  profileValueMaxBytes: 500,
  friendsPerUser: 3000,
  pendingPerUser: 100,
  blocklistPerUser: 1000,
  /** A request body the service takes: 1 MiB (docs/rest-api.md#body). A full batch of long items can exceed it. */
  requestBodyMaxBytes: 1024 * 1024,
} as const;

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
