import { normalizeGroups } from "../../provider/friends/field-rules";
import { type AccountDeclaration, type Declaration, type FriendTags, byCodeUnit } from "./declaration";
import type { Format } from "./source";
import { FORMAT_VERSION } from "./validate";

/**
 * The canonical text of a declaration, as `tencent-chat snapshot` writes it: keys sorted by code unit, groups sorted,
 * empty values left out, no `mutual`, one friend per line (so a changed friend is a one-line diff), a trailing
 * newline. The same declaration always gives the same bytes, whatever order its keys were built in.
 */
export function formatDeclaration(decl: Declaration, format: Format): string {
  const tree = canonicalTree(decl);
  return format === "json" ? `${jsonMap(tree, "")}\n` : yamlMap(tree, "").join("");
}

type Value = string | number | string[] | Tree;

/** A map in writing order; `inline` maps are written on one line. */
interface Tree {
  entries: Array<[string, Value]>;
  inline?: boolean;
}

function canonicalTree(decl: Declaration): Tree {
  const accounts = sorted(decl.accounts).map(([id, account]): [string, Value] => [id, accountTree(account)]);
  return {
    entries: [
      ["version", FORMAT_VERSION],
      ["accounts", { entries: accounts }],
    ],
  };
}

function accountTree(account: AccountDeclaration): Tree {
  const entries: Array<[string, Value]> = [];
  if (account.nick) entries.push(["nick", account.nick]);
  if (account.faceUrl) entries.push(["faceUrl", account.faceUrl]);
  const profile = sorted(account.profile).filter(([, value]) => value !== "");
  if (profile.length > 0) entries.push(["profile", { entries: profile }]);
  const friends = sorted(account.friends).map(([id, tags]): [string, Value] => [id, friendTree(tags)]);
  if (friends.length > 0) entries.push(["friends", { entries: friends }]);
  return { entries };
}

function friendTree(tags: FriendTags): Tree {
  const entries: Array<[string, Value]> = [];
  if (tags.remark) entries.push(["remark", tags.remark]);
  if (tags.groups && tags.groups.length > 0) entries.push(["groups", normalizeGroups(tags.groups)]);
  const customFields = sorted(tags.customFields ?? {}).filter(([, value]) => value !== "");
  if (customFields.length > 0) entries.push(["customFields", { entries: customFields, inline: true }]);
  return { entries, inline: true };
}

function sorted<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => byCodeUnit(a, b));
}

function yamlMap(tree: Tree, indent: string): string[] {
  if (tree.entries.length === 0) return [];
  return tree.entries.map(([key, value]) => {
    if (typeof value === "object" && !Array.isArray(value) && !value.inline && value.entries.length > 0) {
      return `${indent}${yamlScalar(key)}:\n${yamlMap(value, `${indent}  `).join("")}`;
    }
    return `${indent}${yamlScalar(key)}: ${yamlFlow(value)}\n`;
  });
}

function yamlFlow(value: Value): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return yamlScalar(value);
  if (Array.isArray(value)) return `[${value.map(yamlScalar).join(", ")}]`;
  if (value.entries.length === 0) return "{}";
  return `{ ${value.entries.map(([key, item]) => `${yamlScalar(key)}: ${yamlFlow(item)}`).join(", ")} }`;
}

/**
 * Plain when nothing in YAML (1.2, or 1.1 as older tools read it) could take it for another type or syntax: a letter
 * or `_` first, then letters, marks, digits, spaces and `_ . - / ( ) +`, no trailing space, not a word such as `null`,
 * `true` or `yes`. Anything else is double-quoted with JSON's escapes, which YAML reads the same way.
 */
const PLAIN = /^[\p{L}_](?:[\p{L}\p{M}\p{N}_.\-/()+ ]*[\p{L}\p{M}\p{N}_.\-/()+])?$/u;
const RESERVED = new Set(["null", "true", "false", "yes", "no", "on", "off", "y", "n"]);

function yamlScalar(text: string): string {
  return PLAIN.test(text) && !RESERVED.has(text.toLowerCase()) ? text : quoted(text);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\t": "\\t",
  "\r": "\\r",
  "\b": "\\b",
  "\f": "\\f",
};

/**
 * A double-quoted string valid in both JSON and YAML: characters YAML does not allow raw (controls, DEL, C1, line
 * and paragraph separators, BOM, lone surrogates) are written as `\uXXXX`.
 */
function quoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (Object.hasOwn(SHORT_ESCAPES, char)) out += SHORT_ESCAPES[char];
    else if (isRawSafe(code)) out += char;
    else out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return `${out}"`;
}

function isRawSafe(code: number): boolean {
  return (
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xd7ff && code !== 0x2028 && code !== 0x2029) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff) ||
    code >= 0x10000
  );
}

function jsonMap(tree: Tree, indent: string): string {
  if (tree.entries.length === 0) return "{}";
  if (tree.inline) return jsonFlow(tree);
  const inner = `${indent}  `;
  const lines = tree.entries.map(([key, value]) => `${inner}${quoted(key)}: ${jsonValue(value, inner)}`);
  return `{\n${lines.join(",\n")}\n${indent}}`;
}

function jsonValue(value: Value, indent: string): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return quoted(value);
  if (Array.isArray(value)) return `[${value.map(quoted).join(", ")}]`;
  return jsonMap(value, indent);
}

function jsonFlow(tree: Tree): string {
  if (tree.entries.length === 0) return "{}";
  return `{ ${tree.entries.map(([key, value]) => `${quoted(key)}: ${jsonValue(value, "")}`).join(", ")} }`;
}
