import type { z } from "zod";
import {
  FaceUrlSchema,
  IMAGE_TAG,
  NICK_TAG,
  NickSchema,
  ProfileSchema,
  profileValueProblem,
  unsetProfileValue,
} from "../../provider/account/profile-rules";
import { didYouMean, propertyPath, recordOf } from "../../provider/checks";
import { Limits, ProfileFieldRules } from "../../provider/commands";
import {
  CustomFieldsSchema,
  type FriendTags,
  GroupsSchema,
  RemarkSchema,
  UserIdSchema,
  normalizeGroups,
} from "../../provider/friends/field-rules";
import type { DeclarationProblem } from "./errors";
import type { MapNode, Position, SourceEntry, SourceNode } from "./source";

/**
 * The rules of the file's shape, from its source tree to the accounts and pairs it declares. Values are checked with
 * the provider's own schemas (provider/friends/field-rules.ts, provider/account/profile-rules.ts), so the file accepts
 * exactly what the resources accept. Maps of names are walked entry by entry rather than given to `z.record`, which
 * drops a `__proto__` key. Pure; no network.
 */

export const TOP_KEYS = ["version", "accounts", "mutual"] as const;
export const ACCOUNT_KEYS = ["nick", "faceUrl", "profile", "friends"] as const;
export const FRIEND_KEYS = ["remark", "groups", "customFields"] as const;
export const PAIR_KEYS = ["between", "groups", "customFields"] as const;

export const FORMAT_VERSION = 1;

/** The standard tags a profile map may set, for suggestions; Nick and Image are `nick` and `faceUrl`. */
const PROFILE_TAGS = Object.keys(ProfileFieldRules).filter((tag) => tag !== NICK_TAG && tag !== IMAGE_TAG);

type Path = readonly PropertyKey[];

export interface DeclaredFriend {
  id: string;
  at: Position;
  tags: FriendTags;
}

export interface DeclaredAccount {
  id: string;
  at: Position;
  nick?: string;
  faceUrl?: string;
  profile: Array<[string, string | number]>;
  friends: DeclaredFriend[];
  /** Where `friends:` is written, if it is. */
  friendsAt?: Position;
}

export interface PairMember {
  id: string;
  at: Position;
  path: Path;
  /** The member is a legal UserID (its problem, if any, is reported already). */
  valid: boolean;
}

export interface DeclaredPair {
  index: number;
  at: Position;
  members: [PairMember, PairMember];
  /** groups and customFields, given to both directions. */
  tags: FriendTags;
}

export interface DeclaredFile {
  accounts: DeclaredAccount[];
  pairs: DeclaredPair[];
}

export class Problems {
  readonly list: DeclarationProblem[] = [];

  report(at: Position, path: Path, message: string): void {
    this.list.push({ line: at.line, column: at.column, path: propertyPath(path), message });
  }
}

/** Reads the declared accounts and pairs from the document's tree; every rule broken is reported, none stops it. */
export function readDeclaredFile(root: SourceNode | undefined, start: Position, problems: Problems): DeclaredFile {
  const file: DeclaredFile = { accounts: [], pairs: [] };
  if (root === undefined || root.kind !== "map") {
    problems.report(
      root?.at ?? start,
      [],
      `expected a mapping with the keys ${TOP_KEYS.join(", ")}, got ${describe(root)}`,
    );
    return file;
  }
  const fields = knownFields(root, TOP_KEYS, [], problems);
  const version = fields.get("version");
  if (version && !(version.value.kind === "scalar" && version.value.value === FORMAT_VERSION)) {
    problems.report(version.value.at, ["version"], `must be ${FORMAT_VERSION}, got ${describe(version.value)}`);
  }
  const accounts = fields.get("accounts");
  if (!accounts) problems.report(root.at, [], 'missing key "accounts" (the declared accounts, by UserID)');
  else {
    const map = mapOrEmpty(accounts.value, ["accounts"], "a mapping of UserID → account", problems);
    for (const entry of map ? uniqueEntries(map, ["accounts"], problems) : []) {
      file.accounts.push(readAccount(entry, problems));
    }
  }
  const mutual = fields.get("mutual");
  if (mutual) {
    const node = mutual.value;
    if (node.kind === "seq") node.items.forEach((item, index) => file.pairs.push(...readPair(item, index, problems)));
    else if (!isNull(node)) problems.report(node.at, ["mutual"], `expected a list of pairs, got ${describe(node)}`);
  }
  return file;
}

function readAccount(entry: SourceEntry, problems: Problems): DeclaredAccount {
  const id = entry.key;
  const path = ["accounts", id];
  checkUserId(id, entry.keyAt, path, problems);
  const account: DeclaredAccount = { id, at: entry.keyAt, profile: [], friends: [] };
  const map = mapOrEmpty(entry.value, path, `an account: a mapping of ${ACCOUNT_KEYS.join(", ")}`, problems);
  if (!map) return account;
  const fields = knownFields(map, ACCOUNT_KEYS, path, problems);
  const nick = fields.get("nick");
  if (nick) account.nick = checkString(NickSchema, nick.value, [...path, "nick"], problems);
  const faceUrl = fields.get("faceUrl");
  if (faceUrl) account.faceUrl = checkString(FaceUrlSchema, faceUrl.value, [...path, "faceUrl"], problems);
  const profile = fields.get("profile");
  if (profile) account.profile = readProfile(profile.value, [...path, "profile"], problems);
  const friends = fields.get("friends");
  if (friends) {
    account.friendsAt = friends.keyAt;
    const friendsPath = [...path, "friends"];
    const friendMap = mapOrEmpty(friends.value, friendsPath, "a mapping of friend UserID → tags", problems);
    for (const friend of friendMap ? uniqueEntries(friendMap, friendsPath, problems) : []) {
      const friendPath = [...friendsPath, friend.key];
      checkUserId(friend.key, friend.keyAt, friendPath, problems);
      if (friend.key === id) problems.report(friend.keyAt, friendPath, "an account cannot be its own friend");
      const tags = readFriendTags(friend.value, friendPath, problems);
      account.friends.push({ id: friend.key, at: friend.keyAt, tags });
    }
  }
  return account;
}

function readProfile(node: SourceNode, path: Path, problems: Problems): Array<[string, string | number]> {
  const map = mapOrEmpty(node, path, "a mapping of profile tag → value", problems);
  const out: Array<[string, string | number]> = [];
  for (const { key: tag, keyAt, value } of map ? uniqueEntries(map, path, problems) : []) {
    const plain = toPlain(value);
    // A tag the profile cannot hold is the key's fault; a value its tag refuses is the value's.
    const unknownTag = profileValueProblem(tag, unsetProfileValue(tag)) !== undefined;
    const at = unknownTag || tag === NICK_TAG || tag === IMAGE_TAG ? keyAt : value.at;
    const hint = unknownTag ? didYouMean(tag, PROFILE_TAGS) : "";
    if (tag === "__proto__") {
      // Never a profile tag; checked by hand because zod's records skip this key.
      problems.report(at, [...path, tag], `${profileValueProblem(tag, plain)}${hint}`);
      continue;
    }
    const issues = issuesOf(ProfileSchema, recordOf([[tag, plain]]));
    for (const issue of issues) problems.report(at, [...path, ...issue.path], `${issue.message}${hint}`);
    if (issues.length === 0 && (typeof plain === "string" || typeof plain === "number")) out.push([tag, plain]);
  }
  return out;
}

function readFriendTags(node: SourceNode, path: Path, problems: Problems): FriendTags {
  const map = mapOrEmpty(node, path, `a mapping of ${FRIEND_KEYS.join(", ")}`, problems);
  return map ? tagsFrom(knownFields(map, FRIEND_KEYS, path, problems), path, problems) : {};
}

/** The managed tags among checked fields: a friend's, or a pair's (which has no remark). */
function tagsFrom(fields: ReadonlyMap<string, SourceEntry>, path: Path, problems: Problems): FriendTags {
  const tags: FriendTags = {};
  const remark = fields.get("remark");
  if (remark) {
    const value = checkString(RemarkSchema, remark.value, [...path, "remark"], problems);
    if (value !== undefined) tags.remark = value;
  }
  const groups = fields.get("groups");
  if (groups && checkValue(GroupsSchema, groups.value, [...path, "groups"], problems)) {
    tags.groups = normalizeGroups(toPlain(groups.value) as string[]);
  }
  const customFields = fields.get("customFields");
  if (customFields) tags.customFields = readCustomFields(customFields.value, [...path, "customFields"], problems);
  return tags;
}

function readCustomFields(node: SourceNode, path: Path, problems: Problems): Record<string, string> {
  const map = mapOrEmpty(node, path, "a mapping of custom field keyword → value", problems);
  const out: Array<[string, string]> = [];
  for (const { key, keyAt, value } of map ? uniqueEntries(map, path, problems) : []) {
    const keyIssues =
      key === "__proto__"
        ? // Checked by hand because zod's records skip this key; never 1–8 letters.
          [
            {
              path: [],
              message: `custom field keyword must be 1–${Limits.customKeywordMaxBytes} letters (A–Z, a–z), got "${key}"`,
            },
          ]
        : issuesOf(CustomFieldsSchema, recordOf([[key, ""]]));
    for (const issue of keyIssues) problems.report(keyAt, [...path, key], issue.message);
    const text = checkString(CustomFieldsSchema.valueType, value, [...path, key], problems);
    if (keyIssues.length === 0 && text !== undefined) out.push([key, text]);
  }
  return recordOf(out);
}

function readPair(node: SourceNode, index: number, problems: Problems): DeclaredPair[] {
  const path = ["mutual", index];
  if (node.kind === "seq") {
    const members = readMembers(node, path, problems);
    return members ? [{ index, at: node.at, members, tags: {} }] : [];
  }
  if (node.kind !== "map") {
    problems.report(
      node.at,
      path,
      `expected a pair [a, b] or { between: [a, b], groups, customFields }, got ${describe(node)}`,
    );
    return [];
  }
  const remark = node.entries.find((entry) => entry.key === "remark");
  const fields = knownFields(
    { ...node, entries: node.entries.filter((entry) => entry !== remark) },
    PAIR_KEYS,
    path,
    problems,
  );
  const between = fields.get("between");
  if (!between) problems.report(node.at, path, 'missing key "between" (the two accounts of the pair)');
  const members = between ? readMembers(between.value, [...path, "between"], problems) : undefined;
  const tags = tagsFrom(fields, path, problems);
  if (remark) {
    // A remark is one account's name for the other, so each side sets its own under its friends.
    const [a, b] = members?.every((member) => member.valid) ? members.map((member) => member.id) : [];
    const instead =
      a !== undefined && b !== undefined
        ? `set ${propertyPath(["accounts", a, "friends", b, "remark"])} and ${propertyPath(["accounts", b, "friends", a, "remark"])} instead`
        : "set it under each account's friends instead";
    problems.report(
      remark.keyAt,
      [...path, "remark"],
      `a pair sets no remark, as a remark is one account's name for the other; ${instead}`,
    );
  }
  return members ? [{ index, at: node.at, members, tags }] : [];
}

/** The two accounts of a pair, `[a, b]`; undefined when the list is not two names. */
function readMembers(node: SourceNode, path: Path, problems: Problems): [PairMember, PairMember] | undefined {
  if (node.kind !== "seq" || node.items.length !== 2) {
    const count = node.kind === "seq" ? node.items.length : 0;
    const got = node.kind === "seq" ? `${count} ${count === 1 ? "item" : "items"}` : describe(node);
    problems.report(node.at, path, `expected the two accounts of the pair, [a, b], got ${got}`);
    return undefined;
  }
  const [a, b] = node.items.map((item, i): PairMember => {
    const memberPath = [...path, i];
    if (item.kind !== "scalar") {
      problems.report(item.at, memberPath, `expected a UserID, got ${describe(item)}`);
      return { id: "", at: item.at, path: memberPath, valid: false };
    }
    const valid = checkUserId(item.text, item.at, memberPath, problems);
    return { id: item.text, at: item.at, path: memberPath, valid };
  });
  return [a, b];
}

/** The entries of a map, the first of each key; a repeated key is reported where it repeats. */
function uniqueEntries(map: MapNode, path: Path, problems: Problems): SourceEntry[] {
  const first = new Map<string, SourceEntry>();
  for (const entry of map.entries) {
    const prior = first.get(entry.key);
    if (prior) {
      problems.report(
        entry.keyAt,
        [...path, entry.key],
        `duplicate key, first at ${prior.keyAt.line}:${prior.keyAt.column}`,
      );
    } else first.set(entry.key, entry);
  }
  return [...first.values()];
}

/** The entries whose keys are known; any other key is reported with the closest known one. */
function knownFields(map: MapNode, known: readonly string[], path: Path, problems: Problems): Map<string, SourceEntry> {
  const fields = new Map<string, SourceEntry>();
  for (const entry of uniqueEntries(map, path, problems)) {
    if (known.includes(entry.key)) fields.set(entry.key, entry);
    else {
      problems.report(
        entry.keyAt,
        [...path, entry.key],
        `unknown key${didYouMean(entry.key, known)}; known keys: ${known.join(", ")}`,
      );
    }
  }
  return fields;
}

/** The node as a map; an empty value (`carol:` or null) is an empty map. */
function mapOrEmpty(node: SourceNode, path: Path, expected: string, problems: Problems): MapNode | undefined {
  if (node.kind === "map") return node;
  if (isNull(node)) return { kind: "map", at: node.at, entries: [] };
  problems.report(node.at, path, `expected ${expected}, got ${describe(node)}`);
  return undefined;
}

function isNull(node: SourceNode): boolean {
  return node.kind === "scalar" && node.value === null;
}

function checkUserId(id: string, at: Position, path: Path, problems: Problems): boolean {
  const issues = issuesOf(UserIdSchema, id);
  for (const issue of issues) problems.report(at, path, issue.message);
  return issues.length === 0;
}

/** The node's string if `schema` accepts it, else undefined (and the problems reported). */
function checkString(schema: z.ZodType<string>, node: SourceNode, path: Path, problems: Problems): string | undefined {
  return checkValue(schema, node, path, problems) && node.kind === "scalar" ? (node.value as string) : undefined;
}

/** Checks a value with one of the provider's schemas; each issue is reported at the part of the value it is about. */
function checkValue(schema: z.ZodType, node: SourceNode, path: Path, problems: Problems): boolean {
  const issues = issuesOf(schema, toPlain(node));
  for (const issue of issues) problems.report(nodeAt(node, issue.path).at, [...path, ...issue.path], issue.message);
  return issues.length === 0;
}

interface Issue {
  path: PropertyKey[];
  message: string;
}

function issuesOf(schema: z.ZodType, value: unknown): Issue[] {
  const issues = schema.safeParse(value, { reportInput: true }).error?.issues ?? [];
  return issues.map((issue) => ({ path: [...issue.path], message: render(issue) }));
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  array: "a list",
  record: "a mapping",
  object: "a mapping",
};

/** zod's own type messages say "received string"; ours say what was given, as the rest of the project's do. */
function render(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === "invalid_union") {
    const expected = issue.errors.map((branch) =>
      branch.length === 1 && branch[0].code === "invalid_type"
        ? (TYPE_NAMES[branch[0].expected] ?? branch[0].expected)
        : undefined,
    );
    if (expected.every((name) => name !== undefined)) {
      return `expected ${expected.join(" or ")}, got ${describeValue(issue.input)}`;
    }
  }
  return issue.message;
}

/** The node a schema issue's path leads to, or the deepest one that exists. */
function nodeAt(node: SourceNode, path: readonly PropertyKey[]): SourceNode {
  let here = node;
  for (const part of path) {
    let next: SourceNode | undefined;
    if (typeof part === "number" && here.kind === "seq") next = here.items[part];
    if (typeof part === "string" && here.kind === "map") next = here.entries.find((entry) => entry.key === part)?.value;
    if (!next) break;
    here = next;
  }
  return here;
}

/** The node as the plain value a schema checks; keys are set as own properties, `__proto__` included. */
export function toPlain(node: SourceNode): unknown {
  if (node.kind === "map") return recordOf(node.entries.map((entry) => [entry.key, toPlain(entry.value)]));
  if (node.kind === "seq") return node.items.map(toPlain);
  return node.value;
}

export function describe(node: SourceNode | undefined): string {
  if (node === undefined) return "an empty document";
  if (node.kind === "map") return "a mapping";
  if (node.kind === "seq") return "a list";
  return describeValue(node.value);
}

const MAX_QUOTED = 40;

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "a mapping";
  if (typeof value === "string") {
    const chars = [...value];
    return JSON.stringify(chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED).join("")}…` : value);
  }
  return String(value);
}
