/**
 * Whether a step of the engine scenarios left what was declared, judged from the emulator's state and the stack's
 * exported state rather than from the CLI's exit code: a relation counts as failed when either disagrees.
 */
import type { StateSnapshot } from "../emulator";
import type { BenchRelation } from "./data";

/** What a step should leave: every relation with its declared remark and lists, or none of them. */
export type Expectation = "declared" | "gone";

/** The part of `pulumi stack export` this module reads. */
export interface StackExport {
  deployment?: { resources?: Array<{ urn: string; type: string; outputs?: Record<string, unknown> }> };
}

function sameGroups(actual: unknown, declared: string[]): boolean {
  return Array.isArray(actual) && [...actual].sort().join("\n") === [...declared].sort().join("\n");
}

/** Names of the relations whose friendship in the emulator is not as `expect` says. */
export function wrongInEmulator(snapshot: StateSnapshot, relations: BenchRelation[], expect: Expectation): string[] {
  return relations
    .filter((r) => {
      const friend = snapshot.accounts[r.fromAccount]?.friends[r.toAccount];
      if (expect === "gone") return friend !== undefined;
      return friend === undefined || friend.remark !== r.remark || !sameGroups(friend.groups, r.groups);
    })
    .map((r) => r.name);
}

/** The resource's name: the last `::` part of its URN. */
function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * Names of the relations the stack's state does not record as `expect` says. A FriendRelation kind records each one as
 * a resource of that name; with `sets`, one FriendSet per owner (`<owner>-friends`) records them in its `friends`.
 */
export function wrongInStack(
  exported: StackExport,
  relations: BenchRelation[],
  expect: Expectation,
  sets = false,
): string[] {
  const outputs = new Map<string, Record<string, unknown>>();
  for (const r of exported.deployment?.resources ?? []) {
    if (r.type.startsWith("pulumi-nodejs:dynamic")) outputs.set(nameOf(r.urn), r.outputs ?? {});
  }
  return relations
    .filter((r) => {
      let recorded: Record<string, unknown> | undefined;
      if (sets) {
        const friends = outputs.get(`${r.fromAccount}-friends`)?.friends as Record<string, unknown> | undefined;
        recorded = friends?.[r.toAccount] as Record<string, unknown> | undefined;
      } else recorded = outputs.get(r.name);
      if (expect === "gone") return recorded !== undefined;
      return recorded === undefined || recorded.remark !== r.remark || !sameGroups(recorded.groups, r.groups);
    })
    .map((r) => r.name);
}

/**
 * Names of the resources the engine reported an error for, from the Diagnostics section of the CLI's output: a
 * `  <type> (<name>):` header followed by an `error:` line. The stack's own summary error is left out.
 */
export function resourcesWithErrors(output: string): string[] {
  const names = new Set<string>();
  let current: string | undefined;
  for (const line of output.split("\n")) {
    const header = /^ {2}(\S+) \((.+)\):\s*$/.exec(line);
    if (header) {
      current = header[1] === "pulumi:pulumi:Stack" ? undefined : header[2];
      continue;
    }
    if (current !== undefined && /^\s+error:/.test(line)) names.add(current);
  }
  return [...names];
}
