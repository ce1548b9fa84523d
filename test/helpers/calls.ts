/**
 * Commands the provider never sends but tests use to arrange and inspect the service, spoken through the client's
 * generic `send` / `sendItems` with the shared command catalog.
 */
import { type ResultItem, catalog } from "../../provider/commands";
import type { ChatClient } from "../../provider/client/client";

type AddItem = { To_Account: string; AddSource?: string; Remark?: string; GroupName?: string; AddWording?: string };

export function friendAdd(
  client: ChatClient,
  from: string,
  items: AddItem[],
  options: { addType?: "Add_Type_Both" | "Add_Type_Single"; force?: boolean } = {},
): Promise<ResultItem[]> {
  return client.sendItems(
    catalog.friendAdd,
    {
      From_Account: from,
      ...(options.addType ? { AddType: options.addType } : {}),
      ...(options.force ? { ForceAddFlags: 1 } : {}),
    },
    items,
  );
}

export function friendCheck(
  client: ChatClient,
  from: string,
  toAccounts: string[],
  checkType: "CheckResult_Type_Single" | "CheckResult_Type_Both",
): Promise<Array<ResultItem & { Relation: string }>> {
  return client.sendItems(catalog.friendCheck, { From_Account: from, CheckType: checkType }, toAccounts);
}

export async function friendDeleteAll(
  client: ChatClient,
  from: string,
  deleteType?: "Delete_Type_Both",
): Promise<void> {
  await client.send(catalog.friendDeleteAll, { From_Account: from, ...(deleteType ? { DeleteType: deleteType } : {}) });
}

export async function groupAdd(client: ChatClient, from: string, names: string[], toAccounts: string[] = []) {
  const response = await client.send(catalog.groupAdd, {
    From_Account: from,
    GroupName: names,
    ...(toAccounts.length > 0 ? { To_Account: toAccounts } : {}),
  });
  return { currentSequence: response.CurrentSequence, results: response.ResultItem };
}

export async function groupDelete(client: ChatClient, from: string, names: string[]) {
  return {
    currentSequence: (await client.send(catalog.groupDelete, { From_Account: from, GroupName: names })).CurrentSequence,
  };
}

export async function groupGet(client: ChatClient, from: string, options: { needFriend?: boolean } = {}) {
  const response = await client.send(catalog.groupGet, {
    From_Account: from,
    ...(options.needFriend ? { NeedFriend: "Need_Friend_Type_Yes" } : {}),
  });
  return { groups: response.ResultItem, currentSequence: response.CurrentSequence };
}

export function blackListAdd(client: ChatClient, from: string, toAccounts: string[]): Promise<ResultItem[]> {
  return client.sendItems(catalog.blackListAdd, { From_Account: from }, toAccounts);
}

export function blackListDelete(client: ChatClient, from: string, toAccounts: string[]): Promise<ResultItem[]> {
  return client.sendItems(catalog.blackListDelete, { From_Account: from }, toAccounts);
}

export function blackListCheck(
  client: ChatClient,
  from: string,
  toAccounts: string[],
  checkType: "BlackCheckResult_Type_Single" | "BlackCheckResult_Type_Both",
): Promise<Array<ResultItem & { Relation: string }>> {
  return client.sendItems(catalog.blackListCheck, { From_Account: from, CheckType: checkType }, toAccounts);
}

/** Every page of the blocklist (`pageSize` per request) until the next StartIndex is 0. */
export async function blackListGet(client: ChatClient, from: string, pageSize = 100) {
  const items: Array<{ To_Account: string; AddBlackTimeStamp: number }> = [];
  let startIndex = 0;
  for (;;) {
    const page = await client.send(catalog.blackListGet, {
      From_Account: from,
      StartIndex: startIndex,
      MaxLimited: pageSize,
      LastSequence: 0,
    });
    items.push(...page.BlackListItem);
    const sequence = page.CurruentSequence ?? page.CurrentSequence ?? 0;
    if (page.StartIndex === 0 || page.StartIndex <= startIndex) return { items, sequence };
    startIndex = page.StartIndex;
  }
}
