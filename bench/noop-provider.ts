/**
 * The engine's floor: a dynamic provider that does nothing. Create returns its inputs as outputs with an id, diff
 * compares inputs, update returns the new inputs, read returns what state holds, delete does nothing. Declared with
 * the same names and inputs as our FriendRelation (bench/program, PTC_BENCH_KIND=noop), it measures what any dynamic
 * resource costs the engine, its state and the dynamic-provider host, with no service behind it.
 *
 * Pulumi serializes a provider from a local module by value, its functions' text twice per resource in state (about
 * 2 KB each time here), while ours is the export of an installed package, serialized as a `require` of it (about
 * 300 bytes). A floor must carry no more than ours, so the bench installs this provider as a package of its own
 * (`installNoopPackage`, into bench/program/node_modules, which git ignores) and the resource passes the installed
 * module's export: its `__provider` is a `require("ptc-bench-noop/…")` as well.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

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
 * delete-first. Self-contained: its text becomes the installed package's module.
 */
export function noopProvider(): pulumi.dynamic.ResourceProvider {
  return {
    async create(inputs: NoopInputs): Promise<pulumi.dynamic.CreateResult> {
      return { id: `${inputs.fromAccount}/${inputs.toAccount}`, outs: inputs };
    },
    async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => k !== "__provider");
      const changed = keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
      const replaces = changed.filter((k) => k === "fromAccount" || k === "toAccount");
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
    },
    async update(_id: string, _olds: NoopInputs, news: NoopInputs): Promise<pulumi.dynamic.UpdateResult> {
      return { outs: news };
    },
    async read(id: string, props?: NoopInputs): Promise<pulumi.dynamic.ReadResult> {
      return { id, props };
    },
    async delete(): Promise<void> {},
  };
}

export const NOOP_PACKAGE = "ptc-bench-noop";

/** Where the package is installed: the program's own node_modules, where the dynamic-provider host resolves it. */
const packageDir = path.join(__dirname, "program", "node_modules", NOOP_PACKAGE);

/** Writes the package (its module is `noopProvider`'s compiled text, called once) unless it is already current. */
export function installNoopPackage(): void {
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: NOOP_PACKAGE, version: "0.0.0", private: true, main: "index.js" }) + "\n",
    "index.js": `"use strict";\n// Written by bench/noop-provider.ts (installNoopPackage).\nmodule.exports = (${noopProvider.toString()})();\n`,
  };
  mkdirSync(packageDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(packageDir, name);
    let current: string | undefined;
    try {
      current = readFileSync(file, "utf8");
    } catch {
      current = undefined;
    }
    if (current !== text) writeFileSync(file, text);
  }
}

/** The installed package's export: the object Pulumi finds in the require cache and records as a `require`. */
function installedNoopProvider(): pulumi.dynamic.ResourceProvider {
  try {
    return require(packageDir) as pulumi.dynamic.ResourceProvider;
  } catch (error) {
    throw new Error(`${packageDir} is not installed: npm run bench installs it (installNoopPackage)`, { cause: error });
  }
}

/** The noop relation as a dynamic resource, for the real-engine benchmark program. */
export class NoopFriendRelation extends pulumi.dynamic.Resource {
  constructor(
    name: string,
    args: { [K in keyof NoopInputs]: pulumi.Input<NoopInputs[K]> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(installedNoopProvider(), name, args, opts, "noop", "FriendRelation");
  }
}
