import { utf8Bytes } from "../commands";

/**
 * How a friendship records which resource created it, so the stack recognises its own earlier work after an
 * interrupted run (docs/pulumi-host.md#when-the-cli-is-killed): a create whose write landed but was never recorded
 * is called again on the next `up` and must not mistake the friendship for one that existed before.
 *
 * The mark lives in the friendship's AddWording, the one free-text field the service sets once at creation and
 * never changes: `[pulumi:<16 hex digits>]`, the digits naming project, stack, resource type and name (computed in
 * the program, host/resource-options.ts). A declared addWording keeps its text, followed by the mark.
 */
export const MARKER_PATTERN = /^[0-9a-f]{16}$/;
const MARK = /\s?\[pulumi:([0-9a-f]{16})\]$/;

/** Bytes the mark takes in AddWording, so a declared addWording must leave room for it. */
export const MARK_BYTES = utf8Bytes(" [pulumi:0000000000000000]");

/** AddWording for a friendship a resource creates: its declared wording (if any) and its mark. */
export function markedWording(wording: string | undefined, marker: string | undefined): string | undefined {
  if (marker === undefined) return wording;
  return wording ? `${wording} [pulumi:${marker}]` : `[pulumi:${marker}]`;
}

/** The wording a user declared, without the mark. */
export function declaredWording(addWording: string): string {
  return addWording.replace(MARK, "");
}

/** Whether a friendship's AddWording carries this resource's mark. */
export function isMarkedBy(addWording: unknown, marker: string | undefined): boolean {
  if (marker === undefined || typeof addWording !== "string") return false;
  return MARK.exec(addWording)?.[1] === marker;
}
