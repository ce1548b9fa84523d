/**
 * Declaration files: the seed/test friend data of an app, kept in git and applied by `tencent-chat apply`, or written
 * from a live app by `tencent-chat snapshot`. The format and its rules are in README.md beside this file.
 */
export { type AccountDeclaration, type Declaration, type FriendTags, undeclaredFriends } from "./declaration";
export { DeclarationFileError, type DeclarationProblem, problemLine } from "./errors";
export { formatDeclaration } from "./format";
export { formatOf, loadDeclaration, parseDeclaration } from "./parse";
export type { Format } from "./source";
export { missingAccountsError } from "./locate";
export { stackNameFor } from "./stack-name";
