/** The properties a FriendRelation declares, and the ones only the provider sets. Shared by resource and check. */
export const INPUT_PROPERTIES: readonly string[] = [
  "fromAccount",
  "toAccount",
  "remark",
  "groups",
  "customFields",
  "addSource",
  "addWording",
  "profileTags",
  // Set by the resource itself: the mark it leaves on friendships it creates (friends/ownership.ts).
  "ownershipMarker",
];

export const OUTPUT_ONLY_PROPERTIES: readonly string[] = [
  "addTime",
  "profile",
  "createdByResource",
  "tagsBeforeAdoption",
];
