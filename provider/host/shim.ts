import type * as dynamic from "@pulumi/pulumi/dynamic";
import type * as Registry from "./registry";

/**
 * The provider object of one resource kind, as every resource of that kind hands it to `pulumi.dynamic.Resource`.
 * It is the whole export of a small module of its own (friend-relation.ts, friend-set.ts), so Pulumi's closure
 * serializer records it as a `require` of that module from the installed package rather than copying its code
 * (docs/pulumi-host.md#serialization): each resource's `__provider` is a few hundred bytes.
 *
 * Each method loads the registry (the real providers, the client, zod) on first use. In the user's program nothing
 * calls them, so importing the package loads none of that; in the dynamic-provider host they run.
 */
/** The resource kinds; each has a host module whose whole export is its provider object. */
export type ProviderKind = "friendRelation" | "friendSet" | "account";

type Props = Record<string, unknown>;

export function shimFor(kind: ProviderKind): dynamic.ResourceProvider {
  return {
    configure: (req: dynamic.ConfigureRequest) => registry().configure(req),
    check: (olds: Props, news: Props) => registry().forward(kind, "check", [olds, news]),
    diff: (id: string, olds: Props, news: Props) => registry().forward(kind, "diff", [id, olds, news]),
    create: (inputs: Props) => registry().forward(kind, "create", [inputs]),
    read: (id: string, props?: Props) => registry().forward(kind, "read", [id, props]),
    update: (id: string, olds: Props, news: Props) => registry().forward(kind, "update", [id, olds, news]),
    delete: (id: string, props: Props) => registry().forward(kind, "delete", [id, props]),
  } as dynamic.ResourceProvider;
}

function registry(): typeof Registry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first call, never in the program
  return require("./registry") as typeof Registry;
}
