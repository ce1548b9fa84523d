/**
 * The baselines the benchmarks compare against: the FriendRelation provider a user would write themselves in an
 * afternoon. One REST request per resource operation (create = one `friend_import` carrying the remark and lists,
 * update = one `friend_update`, read = one `friend_get_list`, delete = one `friend_delete`), no coalescing, no
 * per-account serialization, a fresh UserSig per request. Two retry policies:
 *
 * - `naive`: retries write conflicts (30008) only, 10 attempts; every other error, the rate limit (60007) included,
 *   fails the resource;
 * - `naive-retrying`, the fair peer: retries 30008 and 60007 with exponential backoff and full jitter, up to 30
 *   attempts, so it completes where `naive` fails.
 *
 * Create is the cheapest honest baseline: one write per resource, where our provider also checks for an existing
 * friendship. Configuration comes from the TENCENT_CHAT_* environment variables.
 *
 * The host scenarios serialize `naiveProvider` by value; the engine scenarios install this module as a package
 * (provider-package.ts), so no live objects at module scope and no import but types from @pulumi/pulumi.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { Api } from "tls-sig-api-v2";
import { request } from "undici";

export interface NaiveInputs {
  fromAccount: string;
  toAccount: string;
  remark?: string;
  groups?: string[];
}

interface Envelope {
  ActionStatus?: string;
  ErrorCode?: number;
  ErrorInfo?: string;
  ResultItem?: Array<{ To_Account: string; ResultCode: number; ResultInfo?: string }>;
  InfoItem?: Array<{ To_Account: string; ResultCode: number; SnsProfileItem?: Array<{ Tag: string; Value: unknown }> }>;
}

/** When a naive provider sends a request again. */
export interface NaiveRetryPolicy {
  /** Service codes (top-level ErrorCode) after which the request is sent again. */
  codes: number[];
  /** Attempts in all, the first included; the last answer stands. */
  attempts: number;
  /** The pause before attempt `attempt + 1`, ms. */
  delayMs: (attempt: number) => number;
}

/** `naive`: 30008 only, 10 attempts, 50–150 ms apart. */
export const CONFLICT_ONLY: NaiveRetryPolicy = {
  codes: [30008],
  attempts: 10,
  delayMs: () => 50 + Math.random() * 100,
};

/**
 * `naive-retrying`: 30008 and 60007, "full jitter" backoff (a uniform pause in [0, min(5 s, 100 ms · 2^(n−1))]), up
 * to 30 attempts. The cap keeps 64 writers contending for one account's lock from retrying in lockstep; 30 attempts
 * reach the 5 s cap at the 7th, so a request gives up only after about a minute of failures.
 */
export const BACKOFF_WITH_JITTER: NaiveRetryPolicy = {
  codes: [30008, 60007],
  attempts: 30,
  delayMs: (attempt) => Math.random() * Math.min(5000, 100 * 2 ** (attempt - 1)),
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** POST one command; retries the policy's codes after its pause. Throws on any other failure. */
async function callSns(command: string, policy: NaiveRetryPolicy, body: Record<string, unknown>): Promise<Envelope> {
  const endpoint = process.env.TENCENT_CHAT_ENDPOINT ?? "";
  const sdkAppId = Number(process.env.TENCENT_CHAT_SDKAPPID);
  const admin = process.env.TENCENT_CHAT_ADMIN ?? "administrator";
  const userSig = new Api(sdkAppId, process.env.TENCENT_CHAT_SECRET_KEY ?? "").genUserSig(admin, 86400);
  for (let attempt = 1; ; attempt++) {
    const random = Math.floor(Math.random() * 4294967295);
    const url = `${endpoint}/v4/sns/${command}?sdkappid=${sdkAppId}&identifier=${encodeURIComponent(admin)}&usersig=${userSig}&random=${random}&contenttype=json`;
    const res = await request(url, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
    const json = (await res.body.json()) as Envelope;
    if (json.ErrorCode !== undefined && policy.codes.includes(json.ErrorCode) && attempt < policy.attempts) {
      await sleep(policy.delayMs(attempt));
      continue;
    }
    if (json.ActionStatus !== "OK" || json.ErrorCode !== 0)
      throw new Error(`${command} failed: ${json.ErrorCode} ${json.ErrorInfo}`);
    const failed = (json.ResultItem ?? []).find((item) => item.ResultCode !== 0);
    if (failed)
      throw new Error(`${command} failed for ${failed.To_Account}: ${failed.ResultCode} ${failed.ResultInfo}`);
    return json;
  }
}

function tags(inputs: NaiveInputs): Array<{ Tag: string; Value: string | string[] }> {
  const items: Array<{ Tag: string; Value: string | string[] }> = [];
  if (inputs.remark !== undefined) items.push({ Tag: "Tag_SNS_IM_Remark", Value: inputs.remark });
  if (inputs.groups !== undefined) items.push({ Tag: "Tag_SNS_IM_Group", Value: inputs.groups });
  return items;
}

/** The naive provider object (a fresh one per call: it holds no state). */
export function naiveProvider(policy: NaiveRetryPolicy = CONFLICT_ONLY): dynamic.ResourceProvider {
  return {
    async create(inputs: NaiveInputs): Promise<dynamic.CreateResult> {
      await callSns("friend_import", policy, {
        From_Account: inputs.fromAccount,
        AddFriendItem: [
          {
            To_Account: inputs.toAccount,
            AddSource: "AddSource_Type_Naive",
            Remark: inputs.remark,
            GroupName: inputs.groups,
          },
        ],
      });
      return { id: `${inputs.fromAccount}/${inputs.toAccount}`, outs: inputs };
    },
    async read(id: string, props: NaiveInputs): Promise<dynamic.ReadResult> {
      const [fromAccount, toAccount] = id.split("/");
      const json = await callSns("friend_get_list", policy, {
        From_Account: fromAccount,
        To_Account: [toAccount],
        TagList: ["Tag_SNS_IM_Remark", "Tag_SNS_IM_Group"],
      });
      const item = json.InfoItem?.[0];
      if (!item || item.ResultCode !== 0) return {};
      const outs: NaiveInputs = { ...props, fromAccount, toAccount };
      for (const tag of item.SnsProfileItem ?? []) {
        if (tag.Tag === "Tag_SNS_IM_Remark" && props.remark !== undefined) outs.remark = String(tag.Value);
        if (tag.Tag === "Tag_SNS_IM_Group" && props.groups !== undefined) outs.groups = tag.Value as string[];
      }
      return { id, props: outs };
    },
    async update(_id: string, olds: NaiveInputs, news: NaiveInputs): Promise<dynamic.UpdateResult> {
      await callSns("friend_update", policy, {
        From_Account: olds.fromAccount,
        UpdateItem: [{ To_Account: olds.toAccount, SnsItem: tags(news) }],
      });
      return { outs: news };
    },
    async delete(_id: string, props: NaiveInputs): Promise<void> {
      await callSns("friend_delete", policy, {
        From_Account: props.fromAccount,
        To_Account: [props.toAccount],
        DeleteType: "Delete_Type_Single",
      });
    },
  };
}
