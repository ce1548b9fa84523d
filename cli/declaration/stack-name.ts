import { basename, extname } from "node:path";

/** Pulumi refuses longer stack names. */
const MAX_STACK_NAME = 100;
/** The name when nothing of the file name is left, e.g. for `.yaml`. */
export const FALLBACK_STACK_NAME = "declaration";

/**
 * The default Pulumi stack name for a declaration file: its base name without the extension, lowercased, each
 * character outside `[a-z0-9._-]` replaced by `-`, at most 100 characters, never empty (`Seed Data.yaml` →
 * `seed-data`).
 */
export function stackNameFor(file: string): string {
  const base = basename(file);
  const name = base.slice(0, base.length - extname(base).length);
  // Per code point (the `u` flag), so one character gives one `-` whatever its UTF-16 length.
  const safe = name.toLowerCase().replace(/[^a-z0-9._-]/gu, "-");
  return [...safe].slice(0, MAX_STACK_NAME).join("") || FALLBACK_STACK_NAME;
}
