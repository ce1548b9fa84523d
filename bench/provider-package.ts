/**
 * The bench's own providers (noop, naive, naive-retrying) installed as a package, `ptc-bench-providers` in
 * bench/program/node_modules (which git ignores), so the engine scenarios compare providers on equal terms.
 *
 * Pulumi serializes a dynamic provider from a local module by value: its functions' text, twice per resource in
 * state (inputs and outputs), about 2 KB for the noop and 6 KB for the naive one. Ours is the whole export of a module
 * of an installed package, recorded as a `require` of it (about 300 bytes). The engine rewrites the whole state file
 * after every step, so its time grows with the state's size: a provider serialized by value would be measured slower
 * for its packaging, not for what it does. So each of these providers is likewise the whole export of a module of an
 * installed package, and its `__provider` is a `require("ptc-bench-providers/<kind>.js")` too.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type * as TypeScript from "typescript";

export const BENCH_PACKAGE = "ptc-bench-providers";

/** The program's own node_modules: the dynamic-provider host, started in the program's directory, resolves it there. */
const packageDir = path.join(__dirname, "program", "node_modules", BENCH_PACKAGE);

export type PackagedKind = "noop" | "naive" | "naive-retrying";

/** Each kind's module: its whole export is the provider object. */
const ENTRIES: Record<PackagedKind, string> = {
  noop: `module.exports = require("./noop-provider.js").noopProvider();`,
  naive: `module.exports = require("./naive-provider.js").naiveProvider();`,
  "naive-retrying": `const naive = require("./naive-provider.js");\nmodule.exports = naive.naiveProvider(naive.BACKOFF_WITH_JITTER);`,
};

/** Sources compiled into the package, CommonJS, by TypeScript's transpiler (types are not checked here: tsc does). */
const SOURCES = ["noop-provider.ts", "naive-provider.ts"];

function writeIfChanged(file: string, text: string): void {
  let current: string | undefined;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = undefined;
  }
  if (current !== text) writeFileSync(file, text);
}

/** Writes the package from the current sources; a file already up to date is left alone. */
export function installBenchProviders(): void {
  // Loaded here only: the program loads this module too, and needs no compiler.
  const ts = require("typescript") as typeof TypeScript;
  mkdirSync(packageDir, { recursive: true });
  writeIfChanged(
    path.join(packageDir, "package.json"),
    JSON.stringify({ name: BENCH_PACKAGE, version: "0.0.0", private: true }, null, 2) + "\n",
  );
  for (const source of SOURCES) {
    const { outputText } = ts.transpileModule(readFileSync(path.join(__dirname, source), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: source,
    });
    writeIfChanged(path.join(packageDir, source.replace(/\.ts$/, ".js")), outputText);
  }
  for (const [kind, text] of Object.entries(ENTRIES))
    writeIfChanged(path.join(packageDir, `${kind}.js`), `"use strict";\n${text}\n`);
}

/** The installed module's export: the object Pulumi finds in the require cache and records as a `require`. */
export function installedProvider(kind: PackagedKind): dynamic.ResourceProvider {
  const file = path.join(packageDir, `${kind}.js`);
  try {
    return require(file) as dynamic.ResourceProvider;
  } catch (error) {
    throw new Error(`${file} is not installed: npm run bench installs it (installBenchProviders)`, { cause: error });
  }
}
