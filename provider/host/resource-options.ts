import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { getProject, getStack, output as pulumiOutput } from "@pulumi/pulumi";
import { allConfig } from "@pulumi/pulumi/runtime";
import { resolveClientConfig } from "../config/client-config";
import { providerSettings, unknownSettingErrors } from "../config/provider-config";
import { CONFIG_NAMESPACE, ConfigKeys, type SettingName } from "../config/settings";
import { ConfigError, DeclarationError } from "../errors";

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
    const instead =
      property === "friends"
        ? `declare that friend with a FriendRelation, where the UserID is a value`
        : "use another name";
    throw new DeclarationError(
      `${kind} ${JSON.stringify(name)}: ${property} has a key "__proto__", which Pulumi's SDK cannot carry (it drops it); ${instead}`,
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

let stackConfigChecked = false;

/**
 * The `tencent-chat:*` stack config, checked once per program before any resource is registered: a key that is no
 * setting (a typo such as `tencent-chat:secretkey`, which would otherwise be ignored) and a value that breaks its
 * rule fail the program with one line naming the key. Settings left out are not judged here: the environment the
 * provider process sees may supply them.
 */
export function checkStackConfig(): void {
  if (stackConfigChecked) return;
  stackConfigChecked = true;
  const problem = stackConfigProblem(allConfig());
  if (problem) throw new DeclarationError(problem);
}

/** What is wrong with the `tencent-chat:*` keys of a stack config (one line per problem), or undefined. */
export function stackConfigProblem(config: Readonly<Record<string, string>>): string | undefined {
  const unknown = unknownSettingErrors(Object.keys(config));
  if (unknown.length > 0) return unknown.map((e) => e.message).join("\n");
  const present = Object.keys(config).filter((key) => key.startsWith(`${CONFIG_NAMESPACE}:`));
  if (present.length === 0) return undefined;
  const stack = { get: (key: string) => (Object.hasOwn(config, key) ? config[key] : undefined) };
  // Stand-ins for what is left out, so only the values the stack sets are judged.
  const settings = providerSettings(stack, {});
  const filled = {
    ...settings,
    sdkAppId: settings.sdkAppId ?? 1,
    secretKey: settings.secretKey ?? "stand-in",
    ...(settings.region === undefined && settings.endpoint === undefined
      ? { endpoint: "https://stand-in.invalid" }
      : {}),
  };
  try {
    resolveClientConfig(filled);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const name = (Object.keys(ConfigKeys) as SettingName[]).find((n) => n === error.setting);
    return `tencent-chat configuration: ${error.message}${name ? ` (stack config ${ConfigKeys[name]})` : ""}`;
  }
}
