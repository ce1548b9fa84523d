import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { getProject, getStack, output as pulumiOutput } from "@pulumi/pulumi";
import { DeclarationError } from "../errors";

/**
 * Checks a resource constructor makes in the program, before anything reaches the engine. This module runs in the
 * user's program: it must stay light (no zod, no client).
 */

/**
 * The `import` resource option cannot work for a dynamic provider: the engine's import step sends the host neither
 * inputs nor state, and the SDK's host fails before any provider code runs (docs/pulumi-host.md#the-import-option).
 * Refused here with what to do instead.
 */
export function refuseImport(
  kind: string,
  name: string,
  opts: pulumi.CustomResourceOptions | undefined,
  adoption: string,
): void {
  if (opts?.import === undefined) return;
  throw new DeclarationError(
    `${kind} ${JSON.stringify(name)}: the \`import\` resource option does not work with Pulumi dynamic providers (pulumi/pulumi#3550); remove it and declare the resource as it is: ${adoption}`,
  );
}

/**
 * The resource's properties with every optional and output-only property present (undefined when not given), so
 * the resource exposes them as outputs.
 */
export function withOutputSlots(args: pulumi.Inputs, slots: readonly string[]): pulumi.Inputs {
  const props: pulumi.Inputs = { ...args };
  for (const key of slots) if (!Object.hasOwn(props, key)) props[key] = undefined;
  return props;
}

/**
 * A map property as an Output. The SDK prints every top-level property with `${value}` when it registers a
 * resource, which throws for a map holding a key named `toString` (a legal UserID or custom field keyword); an
 * Output it prints as "Output<T>". The value itself travels unchanged.
 */
export function mapAsOutput<T>(value: pulumi.Input<T> | undefined): pulumi.Input<T> | undefined {
  return value === undefined ? undefined : (pulumiOutput(value) as pulumi.Input<T>);
}

/**
 * Keys Pulumi's SDK cannot carry: a `__proto__` key is lost when the SDK turns a property map back into an object
 * (it is assigned, which replaces the prototype). Refused here, in the program, with one line naming it.
 */
export function refuseLostKeys(kind: string, name: string, property: string, value: unknown): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return;
  if (Object.hasOwn(value, "__proto__")) {
    throw new DeclarationError(
      `${kind} ${JSON.stringify(name)}: ${property} has a key "__proto__", which Pulumi's SDK cannot carry (it drops it); use another name`,
    );
  }
}

/**
 * The mark a resource leaves on the friendships it creates (friends/ownership.ts): 16 hex digits naming its
 * project, stack, type and name, so the next `up` after an interrupted one recognises the resource's own work and a
 * friendship created by anything else (another stack, another resource, a person) stays adopted.
 */
export function ownershipMarker(kind: string, name: string): string {
  return createHash("sha256")
    .update(JSON.stringify([getProject(), getStack(), kind, name]))
    .digest("hex")
    .slice(0, 16);
}
