import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ServiceCode } from "../commands";
import { ChatApiError, ItemFailedError, PartialApplyError, messageOf } from "../errors";
import type { ServiceSource } from "../service";
import { diffAccount, toAccountDiffResult } from "./diff";
import { decodeAccountId, encodeAccountId } from "./id";
import { type AccountInputs, type AccountOutputs, checkAccount, parseAccountInputs } from "./inputs";
import { currentValues, fieldsFrom, managedTags, profileChanges, withReleasedProfile } from "./managed-profile";
import { own } from "../checks";

type Props = Record<string, unknown>;

interface Ownership {
  created: boolean;
  before?: Record<string, string | number>;
}

function outputsOf(userId: string, values: Record<string, string | number>, ownership: Ownership): AccountOutputs {
  return {
    userId,
    ...fieldsFrom(values, Object.keys(values)),
    createdByResource: ownership.created,
    ...(!ownership.created && ownership.before !== undefined ? { profileBeforeAdoption: ownership.before } : {}),
  };
}

function ownershipOf(recorded: Partial<AccountOutputs>): Ownership {
  return { created: recorded.createdByResource === true, before: recorded.profileBeforeAdoption };
}

/**
 * The Account dynamic provider: a Tencent Chat account (account_import) with the profile fields it manages
 * (portrait_set / portrait_get). Existence checks, imports, deletes and profile reads of many Accounts are merged
 * into requests of up to 100 accounts (batching/account-batcher.ts).
 */
export class AccountProvider implements dynamic.ResourceProvider {
  constructor(private readonly service: ServiceSource) {}

  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    return checkAccount(news);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    return toAccountDiffResult(diffAccount(olds as Partial<AccountOutputs>, news as Partial<AccountInputs>));
  }

  /**
   * Imports the account if it does not exist (createdByResource: true), otherwise adopts it; then sets the managed
   * profile fields that differ from what is there. An account imported whose profile then failed is recorded all the
   * same (PartialApplyError), so it is never forgotten.
   */
  async create(props: Props): Promise<dynamic.CreateResult> {
    const { accounts, client } = await this.service();
    const inputs = parseAccountInputs(props);
    const id = encodeAccountId(inputs.userId);
    const wanted = managedTags(inputs);
    const managed = Object.keys(wanted);
    const existed = await accounts.exists(inputs.userId);
    if (!existed) await accounts.importAccount(inputs.userId);
    const before = existed
      ? currentValues(managed, await accounts.profile(inputs.userId, managed))
      : currentValues(managed, []);
    const changes = profileChanges(before, wanted).items;
    try {
      if (changes.length > 0) await client.portraitSet(inputs.userId, changes);
    } catch (error) {
      if (existed) throw error;
      const message = `account ${JSON.stringify(inputs.userId)} was imported but its profile could not be set: ${messageOf(error)}; fix the inputs and run \`pulumi up\` again`;
      throw new PartialApplyError(message, id, { ...outputsOf(inputs.userId, before, { created: true }) }, [
        { target: inputs.userId, action: "profile", error },
      ]);
    }
    const ownership = existed ? { created: false, before } : { created: true };
    return { id, outs: outputsOf(inputs.userId, { ...before, ...wanted }, ownership) };
  }

  /** Refresh: the managed profile fields as they are; an account that is gone returns no id. */
  async read(id: string, props?: Props): Promise<dynamic.ReadResult> {
    const { accounts } = await this.service();
    const userId = decodeAccountId(id);
    const recorded = (props ?? {}) as Partial<AccountOutputs>;
    if (!(await accounts.exists(userId))) return {};
    const managed = Object.keys(managedTags(recorded));
    const values = currentValues(managed, await accounts.profile(userId, managed));
    const outs = outputsOf(userId, values, ownershipOf(recorded));
    const { createdByResource: _created, profileBeforeAdoption: _before, ...inputs } = outs;
    return { id, props: outs, inputs };
  }

  /**
   * Sets the managed fields that changed. Fields managed from now on are read first: their current value is what
   * they change from, and on an adopted account what they go back to. Fields no longer managed go back.
   */
  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const { accounts, client } = await this.service();
    const userId = decodeAccountId(id);
    const inputs = parseAccountInputs(news);
    const ownership = ownershipOf(olds as Partial<AccountOutputs>);
    const recorded = managedTags(olds as Partial<AccountOutputs>);
    const wanted = managedTags(inputs);
    const added = Object.keys(wanted).filter((tag) => own(recorded, tag) === undefined);
    const found = added.length > 0 ? currentValues(added, await accounts.profile(userId, added)) : {};
    const before = ownership.created ? undefined : { ...ownership.before, ...found };
    const changes = profileChanges({ ...recorded, ...found }, withReleasedProfile(recorded, wanted, before)).items;
    if (changes.length > 0) await client.portraitSet(userId, changes);
    return { outs: outputsOf(userId, wanted, { created: ownership.created, before }) };
  }

  /**
   * Deletes the account only if this resource imported it; an adopted account keeps existing, its managed profile
   * fields back at the values they had before adoption. An account already gone is fine. A plan that does not allow deleting accounts
   * (71000: only trial apps may, docs/rest-api.md#account_delete) keeps the account, cleared like an adopted one.
   */
  async delete(id: string, props: Props): Promise<void> {
    const { accounts, client } = await this.service();
    const userId = decodeAccountId(id);
    const recorded = props as Partial<AccountOutputs>;
    const clear = async () => {
      if (!(await accounts.exists(userId))) return;
      const managed = managedTags(recorded);
      const changes = profileChanges(managed, withReleasedProfile(managed, {}, recorded.profileBeforeAdoption)).items;
      if (changes.length > 0) await client.portraitSet(userId, changes);
    };
    if (recorded.createdByResource !== true) return clear();
    try {
      await accounts.deleteAccount(userId);
    } catch (error) {
      const code =
        error instanceof ItemFailedError ? error.resultCode : error instanceof ChatApiError ? error.serviceCode : 0;
      if (code === ServiceCode.accountNotImported) return;
      if (code === ServiceCode.accountDeleteRefused) return clear();
      throw error;
    }
  }
}
