/**
 * The engine's floor: a dynamic provider that does nothing. Create returns its inputs as outputs with an id, diff
 * compares inputs, update returns the new inputs, read returns what state holds, delete does nothing. Declared with
 * the same names and inputs as our FriendRelation (bench/program, PTC_BENCH_KIND=noop), it measures what any dynamic
 * resource costs the engine, its state and the dynamic-provider host, with no service behind it. Installed as a
 * package (provider-package.ts), as ours is, so that its `__provider` in state is as small as ours.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

export interface NoopInputs {
  fromAccount: string;
  toAccount: string;
  remark?: string;
  groups?: string[];
}

type Props = Record<string, unknown>;

/**
 * The noop provider object. `diff` compares every input but the host's own `__provider` (olds are the recorded
 * outputs, which are the inputs here); as our FriendRelation, another owner or friend is another friendship, replaced
 * delete-first.
 */
export function noopProvider(): dynamic.ResourceProvider {
  return {
    async create(inputs: NoopInputs): Promise<dynamic.CreateResult> {
      return { id: `${inputs.fromAccount}/${inputs.toAccount}`, outs: inputs };
    },
    async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
      const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => k !== "__provider");
      const changed = keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
      const replaces = changed.filter((k) => k === "fromAccount" || k === "toAccount");
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
    },
    async update(_id: string, _olds: NoopInputs, news: NoopInputs): Promise<dynamic.UpdateResult> {
      return { outs: news };
    },
    async read(id: string, props?: NoopInputs): Promise<dynamic.ReadResult> {
      return { id, props };
    },
    async delete(): Promise<void> {},
  };
}
