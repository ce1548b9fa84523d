import type * as pulumi from "@pulumi/pulumi";
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
