import { ItemResults, type ResponseBody } from "../errors";
import type { ItemFaults, StoreCore } from "./core";
import type { Account } from "./state";

/**
 * friend_check and black_list_check ask the same question of two different lists (docs/rest-api.md#friend_check,
 * #black_list_check): is B in A's
 * list, and, for a two-way check, is A in B's? Only the list, the relation names and the items field differ.
 */
export interface RelationCheck {
  list: (account: Account) => ReadonlyMap<string, unknown>;
  names: { aWithB: string; bWithA: string; bothWay: string; none: string };
  itemsField: string;
}

export function checkRelations(
  core: StoreCore,
  fromId: string,
  toIds: readonly string[],
  twoWay: boolean,
  check: RelationCheck,
  faults: ItemFaults,
): ResponseBody {
  const from = core.requireFrom(fromId, "sns");
  const { names } = check;
  const results = new ItemResults();
  for (const toId of toIds) {
    const injected = faults(toId);
    // Failed items still carry the "no relation" value (the documented sample, docs/rest-api.md#friend_check).
    if (injected) {
      results.fail(toId, injected, { Relation: names.none });
      continue;
    }
    const aWithB = check.list(from).has(toId);
    const peer = core.account(toId);
    const bWithA = twoWay && peer !== undefined && check.list(peer).has(from.userId);
    const relation = aWithB && bWithA ? names.bothWay : aWithB ? names.aWithB : bWithA ? names.bWithA : names.none;
    results.ok(toId, "", { Relation: relation });
  }
  return results.fields(check.itemsField);
}
