import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Declaration } from "./declaration";
import { DeclarationFileError } from "./errors";
import { expandDeclaration } from "./expand";
import { type Format, readSource } from "./source";
import { Problems, readDeclaredFile } from "./validate";

/** The file's format, from its extension. */
export function formatOf(file: string): Format {
  const extension = extname(file).toLowerCase();
  if (extension === ".yaml" || extension === ".yml") return "yaml";
  if (extension === ".json") return "json";
  throw new DeclarationFileError(file, [
    {
      path: "",
      message: `the extension chooses the format: expected .yaml, .yml or .json, got ${extension ? `"${extension}"` : "none"}`,
    },
  ]);
}

/**
 * Reads, validates and expands a declaration; `file` names it in messages and its extension chooses YAML or JSON.
 * Throws a DeclarationFileError listing every problem. Pure; no network.
 */
export function parseDeclaration(text: string, file: string): Declaration {
  const source = readSource(text, formatOf(file));
  const problems = new Problems();
  problems.list.push(...source.problems);
  // A document that does not parse has no shape to check.
  if (source.root === undefined && source.problems.length > 0) throw new DeclarationFileError(file, problems.list);
  const declaration = expandDeclaration(readDeclaredFile(source.root, source.start, problems), problems);
  if (problems.list.length > 0) throw new DeclarationFileError(file, problems.list);
  return declaration;
}

/** Reads the file (UTF-8) and parses it; a missing or unreadable file is a DeclarationFileError too. */
export function loadDeclaration(file: string): Declaration {
  formatOf(file);
  let text: string;
  try {
    // Strict decoding: a byte that is not UTF-8 is an error rather than a silent U+FFFD in a name.
    text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file));
  } catch (error) {
    throw new DeclarationFileError(file, [{ path: "", message: readProblem(error) }]);
  }
  return parseDeclaration(text, file);
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "cannot read the file: it does not exist";
  if (code === "EISDIR") return "cannot read the file: it is a directory";
  if (code === "EACCES" || code === "EPERM") return "cannot read the file: permission denied";
  if (code === "ERR_ENCODING_INVALID_ENCODED_DATA") return "cannot read the file: it is not valid UTF-8";
  return `cannot read the file: ${error instanceof Error ? error.message : String(error)}`;
}
