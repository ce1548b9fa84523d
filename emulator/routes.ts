import type { z } from "zod";
import { catalog, type CommandDescriptor, type CommandName, type ErrorFamily } from "../provider/commands";
import { ServiceError, infoWithDetail, type ResponseBody } from "./errors";
import { commandHandlers, type CommandHandler } from "./handlers";
import type { EmulatorStore, ItemFaults, RequestBody } from "./store";

/** One routable command: its descriptor (shared with the client), how to parse its body, and its handler. */
export interface Route {
  name: CommandName;
  descriptor: CommandDescriptor;
  /** Checks the body against the descriptor's schema and batch cap; throws the family's invalid-parameter error. */
  parse(body: unknown): unknown;
  run(store: EmulatorStore, request: unknown, faults: ItemFaults): ResponseBody;
  touches(store: EmulatorStore, request: unknown): string[];
}

/** Invalid parameter, by family (spec §8, "Oversized request arrays"). */
export function invalidParameterCode(family: ErrorFamily): number {
  return family === "sns" ? 30001 : family === "profile" ? 40001 : 70402;
}

/** The route table, keyed by `v4/<service>/<command>`, built from the shared command catalog once per server. */
export function buildRoutes(): Map<string, Route> {
  const handlers = commandHandlers();
  const routes = new Map<string, Route>();
  for (const name of Object.keys(catalog) as CommandName[]) {
    const route = makeRoute(name, catalog[name] as CommandDescriptor, handlers[name] as CommandHandler<typeof name>);
    routes.set(route.descriptor.path, route);
  }
  return routes;
}

function makeRoute<K extends CommandName>(name: K, descriptor: CommandDescriptor, handler: CommandHandler<K>): Route {
  const code = invalidParameterCode(descriptor.family);
  return {
    name,
    descriptor,
    parse(body) {
      const parsed = descriptor.request.safeParse(body);
      if (!parsed.success) throw new ServiceError(code, infoWithDetail(code, describeIssue(parsed.error)));
      const batch = descriptor.batch;
      const items = batch ? (parsed.data as Record<string, unknown>)[batch.field] : undefined;
      if (batch && Array.isArray(items) && items.length > batch.serviceLimit) {
        throw new ServiceError(
          code,
          infoWithDetail(code, `${batch.field} has ${items.length} items, at most ${batch.serviceLimit} allowed`),
        );
      }
      return parsed.data;
    },
    // The request was produced by `parse` with this descriptor's schema, so it has this command's shape.
    run: (store, request, faults) => handler.run(store, request as RequestBody<K>, faults),
    touches: (store, request) => (handler.touches ? handler.touches(store, request as RequestBody<K>) : []),
  };
}

/** What the schema expected and what was given, for the first problem found. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join(".") : "body";
  return `${where}: ${issue.message}`;
}
