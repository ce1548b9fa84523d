import { renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { recordOf } from "../provider/checks/records";
import { ChatClient } from "../provider/client/client";
import {
  PROFILE_CUSTOM_PREFIX,
  ProfileFieldRules,
  SNS_CUSTOM_PREFIX,
  SnsTag,
  type TagItem,
} from "../provider/commands";
import type { Environment } from "../provider/config/env";
import { IMAGE_TAG, NICK_TAG, unsetProfileValue } from "../provider/account/profile-rules";
import { isLegalUserId, normalizeGroups, type FriendTags } from "../provider/friends/field-rules";
import { type ParsedArgs, UsageError, parseArgs, valueOf } from "./args";
import { CONNECTION_FLAGS, CONNECTION_HELP, resolveConnection } from "./connection";
import { type AccountDeclaration, type Declaration, formatDeclaration } from "./declaration";
import type { Io, Outcome } from "./io";

export const DEFAULT_MAX_ACCOUNTS = 1000;

export const SNAPSHOT_HELP = `usage: tencent-chat snapshot --accounts A,B,... --out FILE [--follow] [--max-accounts N] [--profile-tags T,...] [connection]

Reads the named accounts of a live app (profiles with portrait_get, complete friend lists with friend_get, every
page) and writes a declaration file that \`tencent-chat apply\` accepts: YAML for .yaml/.yml, JSON for .json. The
output is deterministic (sorted, no timestamps), so it diffs well in git.

  --accounts A,B,...   the accounts to read (repeatable)
  --out FILE           where to write the file
  --follow             also read the friends' accounts, their friends' accounts, and so on
  --max-accounts N     stop following after N accounts in all (default ${DEFAULT_MAX_ACCOUNTS})
  --profile-tags T,... custom profile fields to read too (Tag_Profile_Custom_*); standard ones are always read

Friends outside what was read are declared as bare accounts, so the file applies to an empty app.
Profile fields at their unset value, empty remarks, groups and custom fields are left out.

${CONNECTION_HELP}`;

const STANDARD_TAGS = Object.keys(ProfileFieldRules);

function listOf(parsed: ParsedArgs, name: string): string[] {
  return (parsed.values.get(name) ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The friend tags a friend_get item carries that a declaration can state (remark, groups, custom fields). */
function friendTags(items: readonly TagItem[]): FriendTags {
  const tags: FriendTags = {};
  const custom: Array<[string, string]> = [];
  for (const { Tag, Value } of items) {
    if (Tag === SnsTag.remark && typeof Value === "string" && Value !== "") tags.remark = Value;
    else if (Tag === SnsTag.group && Array.isArray(Value) && Value.length > 0) tags.groups = normalizeGroups(Value);
    else if (Tag.startsWith(SNS_CUSTOM_PREFIX) && Value !== "" && Value !== 0) {
      custom.push([Tag.slice(SNS_CUSTOM_PREFIX.length), String(Value)]);
    }
  }
  if (custom.length > 0) tags.customFields = recordOf(custom);
  return tags;
}

/** The profile fields an account declaration states: those not at their unset value. */
function profileFields(items: readonly TagItem[]): Pick<AccountDeclaration, "nick" | "faceUrl" | "profile"> {
  const out: Pick<AccountDeclaration, "nick" | "faceUrl" | "profile"> = { profile: {} };
  const profile: Array<[string, string | number]> = [];
  for (const { Tag, Value } of items) {
    if (Array.isArray(Value) || Value === unsetProfileValue(Tag) || Value === "") continue;
    if (Tag === NICK_TAG) out.nick = String(Value);
    else if (Tag === IMAGE_TAG) out.faceUrl = String(Value);
    else profile.push([Tag, Value]);
  }
  out.profile = recordOf(profile);
  return out;
}

export async function runSnapshot(argv: readonly string[], env: Environment, io: Io): Promise<Outcome> {
  const parsed = parseArgs(argv, {
    values: ["accounts", "out", "max-accounts", "profile-tags", ...CONNECTION_FLAGS],
    booleans: ["follow", "help"],
    repeatable: ["accounts", "profile-tags"],
  });
  if (parsed.booleans.has("help")) {
    io.stdout(`${SNAPSHOT_HELP}\n`);
    return { exitCode: 0 };
  }
  if (parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
  const roots = [...new Set(listOf(parsed, "accounts"))];
  if (roots.length === 0) throw new UsageError("--accounts is required");
  for (const id of roots)
    if (!isLegalUserId(id)) throw new UsageError(`--accounts: ${JSON.stringify(id)} is not a UserID`);
  const out = valueOf(parsed, "out");
  if (!out) throw new UsageError("--out is required");
  const format = /\.json$/i.test(out) ? "json" : /\.ya?ml$/i.test(out) ? "yaml" : undefined;
  if (!format) throw new UsageError(`--out: expected a .yaml, .yml or .json file, got ${JSON.stringify(out)}`);
  const maxText = valueOf(parsed, "max-accounts") ?? String(DEFAULT_MAX_ACCOUNTS);
  if (!/^[1-9]\d*$/.test(maxText))
    throw new UsageError(`--max-accounts: expected a positive integer, got ${JSON.stringify(maxText)}`);
  const maxAccounts = Number(maxText);
  const customTags = listOf(parsed, "profile-tags");
  for (const tag of customTags) {
    if (!tag.startsWith(PROFILE_CUSTOM_PREFIX))
      throw new UsageError(`--profile-tags: expected Tag_Profile_Custom_* names, got ${tag}`);
  }
  const follow = parsed.booleans.has("follow");
  const client = new ChatClient(resolveConnection(parsed, env).config);
  try {
    const checked = await client.accountCheck(roots);
    const missing = roots.filter((_, i) => checked[i].AccountStatus !== "Imported");
    if (missing.length > 0) throw new UsageError(`--accounts: not accounts of this app: ${missing.join(", ")}`);

    const tags = [...STANDARD_TAGS, ...customTags];
    const read = new Map<string, AccountDeclaration>();
    const queue = [...roots];
    let calls = 0;
    while (queue.length > 0) {
      const batch = queue.splice(0, 100).filter((id) => !read.has(id));
      if (batch.length === 0) continue;
      const profiles = await client.portraitGet(batch, tags);
      calls += Math.ceil(batch.length / 100);
      for (const [i, userId] of batch.entries()) {
        const list = await client.friendGetAll(userId);
        calls += Math.max(1, Math.ceil(list.friendNum / 100));
        const friends = recordOf(
          list.friends.map((f) => [f.To_Account, friendTags(f.ValueItem)] as [string, FriendTags]),
        );
        read.set(userId, { ...profileFields(profiles[i].ProfileItem), friends });
        if (!follow) continue;
        for (const friend of Object.keys(friends)) {
          if (!read.has(friend) && !queue.includes(friend) && read.size + queue.length < maxAccounts)
            queue.push(friend);
        }
      }
    }
    const accounts = new Map(read);
    for (const account of read.values()) {
      for (const friend of Object.keys(account.friends)) {
        if (!accounts.has(friend)) accounts.set(friend, { profile: {}, friends: {} });
      }
    }
    const declaration: Declaration = { accounts: recordOf([...accounts]) };
    const text = formatDeclaration(declaration, format);
    const target = path.resolve(out);
    const temporary = `${target}.tmp-${process.pid}`;
    writeFileSync(temporary, text);
    renameSync(temporary, target);
    const friendships = [...read.values()].reduce((n, a) => n + Object.keys(a.friends).length, 0);
    io.stderr(
      `snapshot: ${read.size} accounts read (${accounts.size} declared), ${friendships} friendships, ${calls} calls; wrote ${out}\n`,
    );
    return { exitCode: 0 };
  } finally {
    await client.close();
  }
}
