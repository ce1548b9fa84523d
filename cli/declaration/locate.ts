import { readFileSync } from "node:fs";
import { propertyPath } from "../../provider/checks/property-path";
import { DeclarationFileError, type DeclarationProblem } from "./errors";
import { formatOf } from "./parse";
import { type SourceNode, readSource } from "./source";

/**
 * Problems found after a file was read, by asking the app (a friend whose account is declared nowhere and does not
 * exist), placed where the file names them: each friend entry and each pair member with that UserID.
 */
export function missingAccountsError(file: string, missing: readonly string[]): DeclarationFileError {
  const wanted = new Set(missing);
  const problems: DeclarationProblem[] = [];
  const message = (id: string) =>
    `"${id}" is not an account of this app and is declared nowhere in the file; declare it under accounts (${JSON.stringify(id)}: {}) or import it first`;
  let root: SourceNode | undefined;
  try {
    root = readSource(readFileSync(file, "utf8"), formatOf(file)).root;
  } catch {
    root = undefined;
  }
  const entry = (node: SourceNode | undefined, key: string) =>
    node?.kind === "map" ? node.entries.find((e) => e.key === key) : undefined;
  const accounts = entry(root, "accounts")?.value;
  for (const account of accounts?.kind === "map" ? accounts.entries : []) {
    const friends = entry(account.value, "friends")?.value;
    for (const friend of friends?.kind === "map" ? friends.entries : []) {
      if (!wanted.has(friend.key)) continue;
      problems.push({
        ...friend.keyAt,
        path: propertyPath(["accounts", account.key, "friends", friend.key]),
        message: message(friend.key),
      });
    }
  }
  const pairs = entry(root, "mutual")?.value;
  for (const [index, pair] of (pairs?.kind === "seq" ? pairs.items : []).entries()) {
    const between = entry(pair, "between")?.value;
    const members = pair.kind === "seq" ? pair.items : between?.kind === "seq" ? between.items : [];
    for (const [i, member] of members.entries()) {
      if (member.kind !== "scalar" || !wanted.has(member.text)) continue;
      const path = pair.kind === "seq" ? ["mutual", index, i] : ["mutual", index, "between", i];
      problems.push({ ...member.at, path: propertyPath(path), message: message(member.text) });
    }
  }
  for (const id of missing) {
    if (!problems.some((p) => p.message === message(id))) problems.push({ path: "", message: message(id) });
  }
  return new DeclarationFileError(file, problems);
}
