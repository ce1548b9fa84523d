import { createRequire } from "node:module";
import * as path from "node:path";

/**
 * Detailed diffs for the dynamic-provider host, which has no field for them: its Diff handler copies only whether
 * something changed and what forces a replacement from the provider's answer (docs/pulumi-host.md#check-and-diff).
 * Without a detailed diff the engine shows a changed property whole, so `pulumi preview --diff` of a FriendSet of
 * 2,000 friends with one changed remark printed every friend.
 *
 * The handler reads the answer's `changes` and, in the same synchronous step, calls `setChanges` on its response.
 * So the answer's `changes` is a getter that leaves the detailed diff for that response, and `setChanges` is wrapped
 * to take it. Nothing can run between the two. Anything unexpected (another SDK layout) leaves the host as it was:
 * the diff is then shown whole.
 */
export type DiffKind = "add" | "delete" | "update" | "add-replace" | "delete-replace" | "update-replace";

/** Property path (`friends.bob.remark`) → what happens to it. */
export type DetailedDiff = Record<string, DiffKind>;

interface DiffResponseLike {
  getDetaileddiffMap(): { set(key: string, value: unknown): void };
  setHasdetaileddiff(value: boolean): void;
  setChanges(value: number): unknown;
}

interface ProviderProto {
  DiffResponse: { prototype: DiffResponseLike };
  PropertyDiff: (new () => { setKind(kind: number): void; setInputdiff(value: boolean): void }) & {
    Kind: Record<string, number>;
  };
}

const KINDS: Record<DiffKind, string> = {
  add: "ADD",
  delete: "DELETE",
  update: "UPDATE",
  "add-replace": "ADD_REPLACE",
  "delete-replace": "DELETE_REPLACE",
  "update-replace": "UPDATE_REPLACE",
};

let installed = false;
let ready = false;
/** The detailed diff the next `setChanges` takes; set by the answer's `changes` getter. */
let pending: DetailedDiff | undefined;

/** Wraps the host's DiffResponse.setChanges, once, if this process is a dynamic-provider host. */
export function installDetailedDiffs(argv: readonly string[] = process.argv): void {
  if (installed) return;
  installed = true;
  const hostScript = argv[1] ?? "";
  if (!/dynamic-provider/.test(hostScript)) return;
  try {
    const script = hostScript.endsWith(".js") ? hostScript : path.join(hostScript, "index.js");
    // The very module instance the host uses: resolved from the host script, not from this package.
    const proto = createRequire(script)("../../proto/provider_pb.js") as ProviderProto;
    const prototype = proto.DiffResponse?.prototype;
    const setChanges = prototype?.setChanges;
    if (typeof setChanges !== "function" || typeof proto.PropertyDiff?.Kind !== "object") return;
    prototype.setChanges = function (this: DiffResponseLike, value: number) {
      const detailed = pending;
      pending = undefined;
      if (detailed) {
        const map = this.getDetaileddiffMap();
        for (const [property, kind] of Object.entries(detailed)) {
          const diff = new proto.PropertyDiff();
          diff.setKind(proto.PropertyDiff.Kind[KINDS[kind]]);
          // Our diffs compare the recorded state with the new inputs (docs/pulumi-host.md#check-and-diff).
          diff.setInputdiff(false);
          map.set(property, diff);
        }
        this.setHasdetaileddiff(true);
      }
      return setChanges.call(this, value);
    };
    ready = true;
  } catch {
    ready = false;
  }
}

/** The provider's answer as the host reads it: reading `changes` hands the detailed diff to the host's response. */
export function withDetailedDiff<T extends { changes?: boolean }>(answer: T, detailed: DetailedDiff | undefined): T {
  if (!ready || !detailed) return answer;
  const changes = answer.changes;
  const out = { ...answer };
  Object.defineProperty(out, "changes", {
    enumerable: true,
    get() {
      pending = detailed;
      return changes;
    },
  });
  return out;
}

/** A DiffResult as the dynamic-provider host reads it, plus the detailed diff the registry attaches. */
export interface DiffResultWithDetail {
  changes: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
  detailedDiff?: DetailedDiff;
}

/**
 * The DiffResult of a resource. Replacement is always delete-first: the old resource's delete would otherwise undo
 * the new one's create of the same identity (docs/pulumi-host.md#replacement). With unknown inputs (preview) the
 * change cannot be named yet, so no detailed diff: the engine shows the inputs.
 */
export function diffResult(
  changes: boolean,
  replaces: string[],
  hasUnknowns: boolean,
  detailed: () => DetailedDiff,
): DiffResultWithDetail {
  const result: DiffResultWithDetail = { changes };
  if (replaces.length > 0) Object.assign(result, { replaces, deleteBeforeReplace: true });
  if (changes && !hasUnknowns) result.detailedDiff = detailed();
  return result;
}
