import { PartialApplyError } from "../errors";

/**
 * A create or update that half-succeeded throws PartialApplyError, whose `properties` the engine records as the
 * resource's outputs. The host adds `__provider` to outputs only on success, and without it the next refresh or
 * destroy of that resource cannot find its provider (docs/pulumi-host.md#partial-failures). So the `__provider` the
 * call came with (in its last argument: create's inputs, update's news) is added here.
 */
export function keepProviderOnPartialApply(error: unknown, props: unknown): void {
  const provider = (props as { __provider?: unknown } | undefined)?.__provider;
  if (error instanceof PartialApplyError && provider !== undefined) error.properties.__provider = provider;
}
