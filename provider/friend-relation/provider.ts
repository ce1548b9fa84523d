import type * as dynamic from "@pulumi/pulumi/dynamic";
import { SnsTag, type TagItem } from "../commands";
import { DEFAULT_ADD_SOURCE, type FriendTags, normalizeGroups } from "../friends/field-rules";
import { currentTags, tagItemsOf, tagValue } from "../friends/managed-tags";
import { declaredWording } from "../friends/ownership";
import { PartialApplyError, messageOf } from "../errors";
import type { ServiceSource } from "../service";
import { diffRelation, toDiffResult } from "./diff";
import { decodeRelationId, encodeRelationId, type RelationKey } from "./id";
import { type FriendRelationInputs, type FriendRelationOutputs, checkInputs, parseInputs } from "./inputs";

type Props = Record<string, unknown>;

/** What a FriendRelation manages and reads: from its inputs, or from its recorded outputs (which hold exactly that). */
interface RelationSpec {
  tags: FriendTags;
  profileTags: string[];
}

function specOf(state: Partial<FriendRelationInputs> | Partial<FriendRelationOutputs>): RelationSpec {
  const tags: FriendTags = {};
  if (state.remark !== undefined) tags.remark = state.remark;
  if (state.groups !== undefined) tags.groups = state.groups;
  if (state.customFields !== undefined) tags.customFields = state.customFields;
  return { tags, profileTags: normalizeGroups(state.profileTags ?? []) };
}

function asText(value: unknown): string | undefined {
  return value === undefined ? undefined : String(value);
}

/**
 * The outputs for what the service reports. No key is ever `undefined`: the host cannot marshal it into a protobuf
 * Struct.
 */
function outputsFrom(
  key: RelationKey,
  spec: RelationSpec,
  items: readonly TagItem[],
  ownership: { created: boolean; before?: FriendTags },
): FriendRelationOutputs {
  const out: FriendRelationOutputs = {
    fromAccount: key.fromAccount,
    toAccount: key.toAccount,
    ...currentTags(spec.tags, items),
    addTime: Number(tagValue(items, SnsTag.addTime) ?? 0),
    profile: {},
    createdByResource: ownership.created,
  };
  if (!ownership.created && ownership.before !== undefined) out.tagsBeforeAdoption = ownership.before;
  const addSource = asText(tagValue(items, SnsTag.addSource));
  if (addSource !== undefined) out.addSource = addSource;
  const addWording = asText(tagValue(items, SnsTag.addWording));
  if (addWording !== undefined) out.addWording = declaredWording(addWording);
  if (spec.profileTags.length > 0) {
    out.profileTags = spec.profileTags;
    out.profile = Object.fromEntries(
      spec.profileTags.flatMap((tag) => {
        const value = tagValue(items, tag);
        return typeof value === "string" || typeof value === "number" ? [[tag, value]] : [];
      }),
    );
  }
  return out;
}

/** Who made the friendship, and for an adopted one, what its managed tags were before. */
function ownershipOf(recorded: Partial<FriendRelationOutputs>): { created: boolean; before?: FriendTags } {
  return { created: recorded.createdByResource === true, before: recorded.tagsBeforeAdoption };
}

/** The origin tags a resource recorded (they never change after creation). */
function originOf(recorded: Partial<FriendRelationOutputs>): TagItem[] {
  const items: TagItem[] = [{ Tag: SnsTag.addTime, Value: recorded.addTime ?? 0 }];
  if (recorded.addSource !== undefined) items.push({ Tag: SnsTag.addSource, Value: recorded.addSource });
  if (recorded.addWording !== undefined) items.push({ Tag: SnsTag.addWording, Value: recorded.addWording });
  return items;
}

/** The inputs that describe reality, returned by `read` so that state after a refresh matches it. */
function inputsFromOutputs(outputs: FriendRelationOutputs): Partial<FriendRelationInputs> {
  const inputs: Partial<FriendRelationInputs> = { fromAccount: outputs.fromAccount, toAccount: outputs.toAccount };
  if (outputs.remark !== undefined) inputs.remark = outputs.remark;
  if (outputs.groups !== undefined) inputs.groups = outputs.groups;
  if (outputs.customFields !== undefined) inputs.customFields = outputs.customFields;
  if (outputs.profileTags !== undefined) inputs.profileTags = outputs.profileTags;
  return inputs;
}

/**
 * The FriendRelation dynamic provider: check, diff, create, read, update, delete. The host keeps one instance per
 * process; every network method awaits the shared service (host/registry.ts).
 */
export class FriendRelationProvider implements dynamic.ResourceProvider {
  constructor(private readonly service: ServiceSource) {}

  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    return checkInputs(news);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return toDiffResult(diffRelation(olds as Partial<FriendRelationOutputs>, news as Partial<FriendRelationInputs>));
  }

  async create(props: Props): Promise<dynamic.CreateResult> {
    const { friends } = await this.service();
    const inputs = parseInputs(props);
    const key = { fromAccount: inputs.fromAccount, toAccount: inputs.toAccount };
    const id = encodeRelationId(key);
    const spec = specOf(inputs);
    const origin = {
      addSource: inputs.addSource ?? DEFAULT_ADD_SOURCE,
      addWording: inputs.addWording,
      marker: inputs.ownershipMarker,
    };
    const applied = await friends.createOrAdopt(key.fromAccount, key.toAccount, spec.tags, origin, {
      profileTags: spec.profileTags,
    });
    const created = applied.created;
    const ownership = { created, before: applied.before };
    // The outputs are known without a read: the managed tags are now the declared ones, the origin tags are what
    // the create set or found. Only the friend's profile needs one.
    if (spec.profileTags.length === 0) {
      return { id, outs: outputsFrom(key, spec, [...applied.origin, ...tagItemsOf(spec.tags)], ownership) };
    }
    let outs: FriendRelationOutputs | undefined;
    let readFailure: unknown;
    try {
      outs = await this.readOutputs(key, spec, ownership);
    } catch (error) {
      readFailure = error;
    }
    if (outs) return { id, outs };
    const why =
      readFailure === undefined ? "it was not listed right after (deleted by someone else?)" : messageOf(readFailure);
    if (!created) throw readFailure ?? new Error(`friendship ${id} disappeared while it was adopted: ${why}`);
    // The friendship was made: record it, or a failed read would make the stack forget what it created.
    const properties = {
      ...key,
      ...spec.tags,
      addSource: origin.addSource,
      addTime: 0,
      profile: {},
      createdByResource: true,
    };
    const message = `friendship ${id} was created but reading it back failed: ${why}; run \`pulumi up\` again to finish it`;
    throw new PartialApplyError(message, id, properties, [{ target: id, action: "read", error: readFailure }]);
  }

  /**
   * Refresh, and adoption by id: with recorded state it reads the tags the resource manages; with the id alone it
   * reads remark and groups and records the friendship as adopted. A friendship that is gone returns no id, so the
   * engine drops the resource.
   */
  async read(id: string, props?: Props): Promise<dynamic.ReadResult> {
    const key = decodeRelationId(id);
    const recorded = (props ?? {}) as Partial<FriendRelationOutputs>;
    const spec =
      typeof recorded.fromAccount === "string"
        ? specOf(recorded)
        : { tags: { remark: "", groups: [] }, profileTags: [] };
    const outs = await this.readOutputs(key, spec, ownershipOf(recorded));
    if (!outs) return {};
    return { id, props: outs, inputs: inputsFromOutputs(outs) };
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const { friends } = await this.service();
    const key = decodeRelationId(id);
    const inputs = parseInputs(news);
    const recorded = olds as Partial<FriendRelationOutputs>;
    const spec = specOf(inputs);
    const ownership = ownershipOf(recorded);
    const before = await friends.change(key.fromAccount, key.toAccount, specOf(recorded).tags, spec.tags, ownership);
    const now = { created: ownership.created, before };
    if (spec.profileTags.length === 0) {
      return { outs: outputsFrom(key, spec, [...originOf(recorded), ...tagItemsOf(spec.tags)], now) };
    }
    const outs = await this.readOutputs(key, spec, now);
    if (!outs) throw new Error(`friendship ${id} disappeared during the update`);
    return { outs };
  }

  /**
   * Deletes the friendship only if this resource created it; an adopted one keeps existing, its managed tags back at
   * the values they had before adoption.
   */
  async delete(id: string, props: Props): Promise<void> {
    const { friends } = await this.service();
    const key = decodeRelationId(id);
    const recorded = props as Partial<FriendRelationOutputs>;
    await friends.release(key.fromAccount, key.toAccount, specOf(recorded).tags, ownershipOf(recorded));
  }

  private async readOutputs(
    key: RelationKey,
    spec: RelationSpec,
    ownership: { created: boolean; before?: FriendTags },
  ): Promise<FriendRelationOutputs | undefined> {
    const { friends } = await this.service();
    const items = await friends.read(key.fromAccount, key.toAccount, spec.tags, spec.profileTags);
    return items ? outputsFrom(key, spec, items, ownership) : undefined;
  }
}
