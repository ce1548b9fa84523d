import type * as dynamic from "@pulumi/pulumi/dynamic";
import { SNS_CUSTOM_PREFIX, SnsTag } from "./commands/tags";
import type { TagItem, TagValue } from "./commands/wire";
import { diffRelation, toDiffResult } from "./diff";
import { ItemFailedError } from "./batching";
import { HostConfiguredProvider } from "./friend-runtime";
import { decodeRelationId, encodeRelationId } from "./id";
import {
  DEFAULT_ADD_SOURCE,
  type FriendRelationInputs,
  type FriendRelationOutputs,
  checkInputs,
  inputsSchema,
  normalizeGroups,
} from "./inputs";

/** Which tags a resource manages and which profile tags it reads: derived from inputs or recorded outputs. */
export interface ManagedSpec {
  remark: boolean;
  groups: boolean;
  customKeys: string[];
  profileTags: string[];
}

/** friend_delete: no friendship with that account (spec §4.8). */
const NOT_A_FRIEND_ON_DELETE = 31704;
/** 30001 means several things (spec §3.3): "already a friend" on import, "not a friend" on update and delete. */
const AMBIGUOUS_30001 = 30001;

export function specFromInputs(inputs: Partial<FriendRelationInputs>): ManagedSpec {
  return {
    remark: inputs.remark !== undefined,
    groups: inputs.groups !== undefined,
    customKeys: Object.keys(inputs.customFields ?? {}).sort(),
    profileTags: normalizeGroups(inputs.profileTags ?? []),
  };
}

/** Outputs hold exactly the managed tags, so the recorded state says what the resource manages. */
export function specFromOutputs(outputs: Partial<FriendRelationOutputs>): ManagedSpec {
  return {
    remark: outputs.remark !== undefined,
    groups: outputs.groups !== undefined,
    customKeys: Object.keys(outputs.customFields ?? {}).sort(),
    profileTags: normalizeGroups(outputs.profileTags ?? []),
  };
}

/** The tags friend_get_list must return to describe the relation (spec §4.12). */
export function tagsToRead(spec: ManagedSpec): string[] {
  const tags: string[] = [SnsTag.addSource, SnsTag.addWording, SnsTag.addTime];
  if (spec.remark) tags.push(SnsTag.remark);
  if (spec.groups) tags.push(SnsTag.group);
  for (const key of spec.customKeys) tags.push(`${SNS_CUSTOM_PREFIX}${key}`);
  return [...tags, ...spec.profileTags];
}

function asText(value: TagValue | undefined): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(",") : String(value);
}

/**
 * The outputs for what the service reports. Unset SNS tags are omitted by the service (spec §4.12), so a managed tag
 * that is absent is reported empty. No key is ever `undefined`: the host cannot marshal it into a protobuf Struct.
 */
export function outputsFromTags(
  key: { fromAccount: string; toAccount: string },
  spec: ManagedSpec,
  tags: readonly TagItem[],
  createdByResource: boolean,
): FriendRelationOutputs {
  const byTag = new Map(tags.map((t) => [t.Tag, t.Value]));
  const out: FriendRelationOutputs = {
    fromAccount: key.fromAccount,
    toAccount: key.toAccount,
    addTime: Number(byTag.get(SnsTag.addTime) ?? 0),
    profile: {},
    createdByResource,
  };
  const addSource = byTag.get(SnsTag.addSource);
  if (addSource !== undefined) out.addSource = asText(addSource);
  const addWording = byTag.get(SnsTag.addWording);
  if (addWording !== undefined) out.addWording = asText(addWording);
  if (spec.remark) out.remark = asText(byTag.get(SnsTag.remark));
  if (spec.groups) {
    const groups = byTag.get(SnsTag.group);
    out.groups = normalizeGroups(
      Array.isArray(groups) ? groups : groups === undefined || groups === "" ? [] : [String(groups)],
    );
  }
  if (spec.customKeys.length > 0) {
    out.customFields = Object.fromEntries(
      spec.customKeys.map((k) => [k, asText(byTag.get(`${SNS_CUSTOM_PREFIX}${k}`))]),
    );
  }
  if (spec.profileTags.length > 0) {
    out.profileTags = spec.profileTags;
    for (const tag of spec.profileTags) {
      const value = byTag.get(tag);
      if (typeof value === "string" || typeof value === "number") out.profile[tag] = value;
    }
  }
  return out;
}

/** The inputs that describe reality, returned by `read` so that state after a refresh or an import matches it. */
export function inputsFromOutputs(outputs: FriendRelationOutputs): FriendRelationInputs {
  const inputs: FriendRelationInputs = { fromAccount: outputs.fromAccount, toAccount: outputs.toAccount };
  if (outputs.remark !== undefined) inputs.remark = outputs.remark;
  if (outputs.groups !== undefined) inputs.groups = outputs.groups;
  if (outputs.customFields !== undefined) inputs.customFields = outputs.customFields;
  if (outputs.profileTags !== undefined) inputs.profileTags = outputs.profileTags;
  return inputs;
}

/**
 * A create that half-succeeded: the friendship was created but its tags could not be applied. The host turns an
 * error carrying `id` into ErrorResourceInitFailed, so the engine records the resource (and the next `up` finishes
 * the job) instead of losing a friendship nobody would delete.
 */
export class PartialCreateError extends Error {
  readonly code: "PARTIAL_CREATE";

  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
    // Assigned explicitly: serialized, `super(message)` becomes `Error.call(this, message)`, which sets nothing.
    this.message = message;
    this.name = "PartialCreateError";
    this.code = "PARTIAL_CREATE";
  }
}

type Props = Record<string, unknown>;

/**
 * Serialized into `__provider`, an Error subclass loses its `message` (its `super(message)` becomes
 * `Error.call(this, message)`), and the host reports nothing but `message`. So an error leaving the provider gets a
 * message built from its fields when it has none. The fields used are ones the client keeps free of secrets.
 */
export function describeError(error: unknown): string {
  // Duck-typed: in the serialized provider an Error subclass is not `instanceof Error` either.
  if (typeof error !== "object" || error === null) return String(error);
  const e = error as {
    message?: string;
    name?: string;
    command?: string;
    errorCode?: number;
    errorInfo?: string;
    code?: string;
    attempts?: number;
    cause?: unknown;
  };
  if (typeof e.message === "string" && e.message) return e.message;
  const what = e.command ?? "request";
  let text: string;
  if (typeof e.errorCode === "number")
    text = `${what} failed with ErrorCode ${e.errorCode}${e.errorInfo ? ` ${e.errorInfo}` : ""}`;
  else if (typeof e.code === "string")
    text = `${what} failed: ${e.code}${e.attempts ? ` after ${e.attempts} attempts` : ""}`;
  else text = `${what} failed: ${e.name || "Error"}`;
  return e.cause !== undefined && e.cause !== error ? `${text} (${describeError(e.cause)})` : text;
}

/** Rethrows the same error object (it may carry `id` and `properties`), with a message it can be reported by. */
export async function reported<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (typeof error === "object" && error !== null && !(error as { message?: unknown }).message) {
      (error as { message: string }).message = describeError(error);
    }
    throw error;
  }
}

/**
 * The FriendRelation dynamic provider: configure, check, diff, create, read, update, delete.
 *
 * The host runtime (runtime.ts) keeps one instance per process for every FriendRelation, so all of them share one
 * client, rate limiter and batcher (with FriendSets too). Those are created lazily, after `configure`.
 */
export class FriendRelationProvider extends HostConfiguredProvider implements dynamic.ResourceProvider {
  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    return checkInputs(news);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return toDiffResult(diffRelation(olds as Partial<FriendRelationOutputs>, news as Partial<FriendRelationInputs>));
  }

  async create(props: Props): Promise<dynamic.CreateResult> {
    return reported(() => this.createRelation(props));
  }

  private async createRelation(props: Props): Promise<dynamic.CreateResult> {
    const { batcher } = await this.runtime();
    const inputs = parseInputs(props);
    const key = { fromAccount: inputs.fromAccount, toAccount: inputs.toAccount };
    const id = encodeRelationId(key);
    const spec = specFromInputs(inputs);

    let createdByResource = false;
    const existing = await batcher.lookup(key.fromAccount, key.toAccount, tagsToRead(spec));
    // Only the tags that differ from what is there are written: all declared ones for a new friendship (it starts
    // empty), the changed ones for an adopted friendship.
    let current = outputsFromTags(key, spec, existing.friend ? existing.tags : [], false);
    if (!existing.friend) {
      try {
        await batcher.importFriend(key.fromAccount, {
          To_Account: key.toAccount,
          AddSource: inputs.addSource ?? DEFAULT_ADD_SOURCE,
          ...(inputs.addWording !== undefined ? { AddWording: inputs.addWording } : {}),
        });
        createdByResource = true;
      } catch (error) {
        // 30001 on import may mean "already a friend" (created meanwhile by someone else): confirm with a read.
        if (!(error instanceof ItemFailedError && error.resultCode === AMBIGUOUS_30001)) throw error;
        const raced = await batcher.lookup(key.fromAccount, key.toAccount, tagsToRead(spec));
        if (!raced.friend) throw error;
        current = outputsFromTags(key, spec, raced.tags, false);
      }
    }

    try {
      await batcher.updateFriend(key.fromAccount, key.toAccount, diffRelation(current, inputs).tagChanges);
    } catch (error) {
      if (!createdByResource) throw error;
      // No `__provider` here although the host does not add it: the details travel in a gRPC trailer, and the
      // serialized provider (>64 KiB) would exceed HTTP/2's per-header limit and lose the whole error. The engine
      // retries the update of a resource with init errors on the next `up`, whose outputs carry `__provider` again.
      const properties = { ...outputsFromTags(key, spec, [], true), addSource: inputs.addSource ?? DEFAULT_ADD_SOURCE };
      // The engine shows `reasons` (not the message) for a resource it records with init errors, so both say it all.
      const message =
        `friendship ${id} was created but its tags could not be set: ${describeError(error)}. ` +
        "Pulumi keeps the resource: fix the inputs and run `pulumi up` again to finish it (run it before a destroy or " +
        "refresh: Pulumi's dynamic-provider host cannot load the provider of a half-created resource)";
      throw new PartialCreateError(message, id, properties, [message]);
    }

    const outs = await this.readOutputs(key, spec, createdByResource);
    if (!outs) throw new Error(`friendship ${id} disappeared right after it was created (deleted by someone else?)`);
    return { id, outs };
  }

  /**
   * Refresh, and adoption by id: with full recorded state it reads the tags the resource manages; with the id alone
   * (the `import` option) it reads remark and groups and records the friendship as adopted. A friendship that is gone
   * returns no id, so the engine drops the resource.
   */
  async read(id: string, props?: Props): Promise<dynamic.ReadResult> {
    return reported(() => this.readRelation(id, props));
  }

  private async readRelation(id: string, props?: Props): Promise<dynamic.ReadResult> {
    const key = decodeRelationId(id);
    const recorded = (props ?? {}) as Partial<FriendRelationOutputs>;
    const hasState = typeof recorded.fromAccount === "string";
    const spec: ManagedSpec = hasState
      ? specFromOutputs(recorded)
      : { remark: true, groups: true, customKeys: [], profileTags: [] };
    const outs = await this.readOutputs(key, spec, recorded.createdByResource === true);
    if (!outs) return {};
    return { id, props: outs, inputs: inputsFromOutputs(outs) };
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    return reported(() => this.updateRelation(id, olds, news));
  }

  private async updateRelation(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const { batcher } = await this.runtime();
    const key = decodeRelationId(id);
    const inputs = parseInputs(news);
    const changes = diffRelation(olds as Partial<FriendRelationOutputs>, inputs).tagChanges;
    try {
      await batcher.updateFriend(key.fromAccount, key.toAccount, changes);
    } catch (error) {
      if (error instanceof ItemFailedError && error.resultCode === AMBIGUOUS_30001 && !(await this.isFriend(key))) {
        throw new Error(
          `friendship ${id} no longer exists (removed outside Pulumi); run \`pulumi refresh\` to drop it, then \`pulumi up\` to create it again`,
        );
      }
      throw error;
    }
    const outs = await this.readOutputs(key, specFromInputs(inputs), olds.createdByResource === true);
    if (!outs) throw new Error(`friendship ${id} disappeared during the update`);
    return { outs };
  }

  /**
   * Deletes the friendship only if this resource created it; an adopted one only loses the tags the resource managed.
   * A friendship that is already gone is not an error.
   */
  async delete(id: string, props: Props): Promise<void> {
    return reported(() => this.deleteRelation(id, props));
  }

  private async deleteRelation(id: string, props: Props): Promise<void> {
    const { batcher } = await this.runtime();
    const key = decodeRelationId(id);
    const recorded = props as Partial<FriendRelationOutputs>;
    try {
      if (recorded.createdByResource === true) {
        await batcher.deleteFriend(key.fromAccount, key.toAccount);
      } else {
        const clearing = diffRelation(recorded, { fromAccount: key.fromAccount, toAccount: key.toAccount }).tagChanges;
        await batcher.updateFriend(key.fromAccount, key.toAccount, clearing);
      }
    } catch (error) {
      if (!(error instanceof ItemFailedError)) throw error;
      if (error.resultCode === NOT_A_FRIEND_ON_DELETE) return;
      // 30001 may mean "not a friend" (spec §3.3): gone is fine, anything else is a real failure.
      if (error.resultCode === AMBIGUOUS_30001 && !(await this.isFriend(key))) return;
      throw error;
    }
  }

  private async isFriend(key: { fromAccount: string; toAccount: string }): Promise<boolean> {
    const { batcher } = await this.runtime();
    return (await batcher.lookup(key.fromAccount, key.toAccount, [])).friend;
  }

  private async readOutputs(
    key: { fromAccount: string; toAccount: string },
    spec: ManagedSpec,
    createdByResource: boolean,
  ): Promise<FriendRelationOutputs | undefined> {
    const { batcher } = await this.runtime();
    const found = await batcher.lookup(key.fromAccount, key.toAccount, tagsToRead(spec));
    return found.friend ? outputsFromTags(key, spec, found.tags, createdByResource) : undefined;
  }
}

/** The inputs the engine sends to create and update have passed `check`; parsing again gives their typed form. */
function parseInputs(props: Props): FriendRelationInputs {
  const parsed = inputsSchema().safeParse(props);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid FriendRelation inputs: ${problems}`);
  }
  const inputs = parsed.data as FriendRelationInputs;
  return Object.fromEntries(
    Object.entries(inputs).filter(([, v]) => v !== undefined),
  ) as unknown as FriendRelationInputs;
}
