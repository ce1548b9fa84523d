import type { StateSnapshot } from "../../emulator";

/**
 * What the soak declares in each round, and the comparison of the emulator's state dump with it.
 *
 * Accounts: the free plan allows 100 (docs/data-model.md#userids), so N relations spread over FROM_ACCOUNTS owners,
 * each listing up to (100 - FROM_ACCOUNTS) friends: up to 1,600 relations. Groups come from a small pool, because the
 * lists a user ever had stay (docs/rest-api.md#friend_update clearing) and count against the 32-list limit.
 */
export interface SoakRelation {
  name: string;
  fromAccount: string;
  toAccount: string;
  remark: string;
  groups: string[];
  customFields: Record<string, string>;
}

export interface SoakDeclaration {
  relations: SoakRelation[];
}

export const FROM_ACCOUNTS = 20;
export const ACCOUNT_LIMIT = 100;
const GROUP_POOL = ["family", "work", "school", "gym", "club", "travel"];

export function accountId(i: number): string {
  return `soak${String(i).padStart(2, "0")}`;
}

export function allAccounts(): string[] {
  return Array.from({ length: ACCOUNT_LIMIT }, (_, i) => accountId(i));
}

/** The largest relation index a run of `n` relations uses, over every round (round 2 adds n/10 more). */
export function relationCapacity(): number {
  // The last account is kept for friendships outside the stack (outsideRelations).
  return FROM_ACCOUNTS * (ACCOUNT_LIMIT - 1 - FROM_ACCOUNTS);
}

function endpoints(k: number): { fromAccount: string; toAccount: string } {
  return {
    fromAccount: accountId(k % FROM_ACCOUNTS),
    toAccount: accountId(FROM_ACCOUNTS + Math.floor(k / FROM_ACCOUNTS)),
  };
}

/**
 * Relation k as declared in round `round` (0: create, 1: update, 2: delete a tenth and add n/10, 3: update and create
 * the deleted tenth again).
 */
function relation(k: number, round: number): SoakRelation {
  const remark = round >= 1 && k % 2 === 0 ? `r${round}-${k}` : `r0-${k}`;
  const shift = round >= 1 && k % 5 === 0 ? round : 0;
  const groups =
    k % 7 === 6
      ? []
      : [
          GROUP_POOL[(k + shift) % GROUP_POOL.length],
          ...(shift ? [GROUP_POOL[(k + shift + 1) % GROUP_POOL.length]] : []),
        ];
  // "" clears a custom field (docs/rest-api.md#friend_update); every relation manages Test, so clearing is part of the
  // soak.
  const test = k % 3 === 0 ? (round >= 1 && k % 9 === 0 ? "" : `v${round >= 3 ? round : 0}-${k}`) : "";
  return { name: `rel-${k}`, ...endpoints(k), remark, groups, customFields: { Test: test } };
}

export function declarationFor(n: number, round: number): SoakDeclaration {
  const extra = round >= 2 ? Math.ceil(n / 10) : 0;
  if (n + extra > relationCapacity())
    throw new Error(
      `SOAK_RELATIONS=${n} needs ${n + extra} relations, more than the ${relationCapacity()} 100 accounts allow`,
    );
  const relations: SoakRelation[] = [];
  for (let k = 0; k < n + extra; k++) {
    // Round 2 deletes every tenth of the first n relations; round 3 declares them again (creates).
    if (round === 2 && k < n && k % 10 === 0) continue;
    relations.push(relation(k, round));
  }
  return { relations };
}

/**
 * Friendships made outside the stack before it ever ran: every 13th declared relation (adopted by the stack, so kept
 * by destroy), and one from each owner to an account the soak never declares (never touched).
 */
export function outsideRelations(n: number): Array<{ fromAccount: string; toAccount: string; declared: boolean }> {
  const adopted = declarationFor(n, 0)
    .relations.filter((_, k) => k % 13 === 5)
    .map((r) => ({ fromAccount: r.fromAccount, toAccount: r.toAccount, declared: true }));
  const untouched = Array.from({ length: FROM_ACCOUNTS }, (_, i) => ({
    fromAccount: accountId(i),
    toAccount: accountId(ACCOUNT_LIMIT - 1),
    declared: false,
  }));
  return [...adopted, ...untouched];
}

/** Every friendship on the service, as `from/to`, sorted. */
export function friendshipKeys(state: StateSnapshot): string[] {
  return Object.entries(state.accounts)
    .flatMap(([from, account]) => Object.keys(account.friends).map((to) => `${from}/${to}`))
    .sort();
}

/**
 * Differences between the emulator's friend lists and the declaration; empty when they are equal. Friendships in
 * `outside` that the declaration does not name are someone else's and are left out of the comparison.
 */
export function stateDifferences(
  state: StateSnapshot,
  declaration: SoakDeclaration,
  outside: ReadonlySet<string> = new Set(),
): string[] {
  const expected = new Map<string, SoakRelation>();
  for (const r of declaration.relations) expected.set(`${r.fromAccount}/${r.toAccount}`, r);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [from, account] of Object.entries(state.accounts)) {
    for (const [to, entry] of Object.entries(account.friends)) {
      const key = `${from}/${to}`;
      seen.add(key);
      const want = expected.get(key);
      if (!want) {
        if (!outside.has(key)) problems.push(`${key}: present but not declared`);
        continue;
      }
      const wantCustom = Object.fromEntries(
        Object.entries(want.customFields)
          .filter(([, v]) => v !== "")
          .map(([k, v]) => [`Tag_SNS_Custom_${k}`, v]),
      );
      // A custom field cleared with "" may be stored as "" or dropped (docs/rest-api.md#friend_update): both read back
      // as unset.
      const gotCustom = Object.fromEntries(Object.entries(entry.custom).filter(([, v]) => v !== ""));
      const got = { remark: entry.remark, groups: [...entry.groups].sort(), custom: gotCustom };
      const wanted = { remark: want.remark, groups: [...want.groups].sort(), custom: wantCustom };
      if (JSON.stringify(got) !== JSON.stringify(wanted))
        problems.push(`${key}: got ${JSON.stringify(got)}, declared ${JSON.stringify(wanted)}`);
    }
  }
  for (const key of expected.keys()) if (!seen.has(key)) problems.push(`${key}: declared but missing`);
  return problems;
}
