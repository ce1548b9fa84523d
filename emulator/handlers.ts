import type { CommandName } from "../provider/commands";
import type { ResponseBody } from "./errors";
import type { EmulatorStore, ItemFaults, RequestBody } from "./store";

/**
 * Thin, stateless handlers: one per command, mapping a parsed request onto the store, plus the users whose
 * relationship chains a write touches (docs/concurrency.md#write-conflicts-30008: mutual writes touch both users).
 */
export interface CommandHandler<K extends CommandName> {
  run(store: EmulatorStore, req: RequestBody<K>, faults: ItemFaults): ResponseBody;
  /** Writes only: every user whose chain the call writes; overlapping calls on one of them answer 30008. */
  touches?(store: EmulatorStore, req: RequestBody<K>): string[];
}

export type CommandHandlers = { [K in CommandName]: CommandHandler<K> };

const from = (req: { From_Account: string }) => [req.From_Account];

/** Every command has a handler: the mapped type makes a missing one a compile error. */
export function commandHandlers(): CommandHandlers {
  return {
    accountImport: { run: (s, r) => s.accountImport(r) },
    multiaccountImport: { run: (s, r) => s.multiaccountImport(r) },
    accountCheck: { run: (s, r) => s.accountCheck(r) },
    accountDelete: { run: (s, r, f) => s.accountDelete(r, f), touches: (s, r) => s.accountDeleteTouches(r) },

    friendAdd: {
      run: (s, r, f) => s.friendAdd(r, f),
      // Add_Type_Both (the default) writes the peer's list too.
      touches: (_, r) =>
        r.AddType === "Add_Type_Single" ? from(r) : [r.From_Account, ...r.AddFriendItem.map((i) => i.To_Account)],
    },
    friendImport: { run: (s, r, f) => s.friendImport(r, f), touches: (_, r) => from(r) },
    friendUpdate: { run: (s, r, f) => s.friendUpdate(r, f), touches: (_, r) => from(r) },
    friendDelete: {
      run: (s, r, f) => s.friendDelete(r, f),
      touches: (_, r) => (r.DeleteType === "Delete_Type_Both" ? [r.From_Account, ...r.To_Account] : from(r)),
    },
    friendDeleteAll: {
      run: (s, r) => s.friendDeleteAll(r),
      touches: (s, r) => [r.From_Account, ...s.friendDeleteAllPeers(r)],
    },
    friendCheck: { run: (s, r, f) => s.friendCheck(r, f) },
    friendGet: { run: (s, r) => s.friendGet(r) },
    friendGetList: { run: (s, r, f) => s.friendGetList(r, f) },

    groupAdd: { run: (s, r, f) => s.groupAdd(r, f), touches: (_, r) => from(r) },
    groupDelete: { run: (s, r) => s.groupDelete(r), touches: (_, r) => from(r) },
    groupGet: { run: (s, r) => s.groupGet(r) },

    // Blocking ends a friendship in both directions, so it writes the peers' lists too
    // (docs/rest-api.md#black_list_add).
    blackListAdd: { run: (s, r, f) => s.blackListAdd(r, f), touches: (_, r) => [r.From_Account, ...r.To_Account] },
    blackListDelete: { run: (s, r, f) => s.blackListDelete(r, f), touches: (_, r) => from(r) },
    blackListGet: { run: (s, r) => s.blackListGet(r) },
    blackListCheck: { run: (s, r, f) => s.blackListCheck(r, f) },

    portraitSet: { run: (s, r) => s.portraitSet(r) },
    portraitGet: { run: (s, r, f) => s.portraitGet(r, f) },
  };
}
