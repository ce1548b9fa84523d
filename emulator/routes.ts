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

/** Invalid parameter, by family (docs/rest-api.md#commands: a request over a cap, our choice). */
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
      const problems: string[] = [];
      const normalized = normalizeRequest(descriptor.request, body, [], problems);
      // A field naming an account that is not a string is the gateway's 60015
      // (docs/error-codes.md#gateway-codes-60xxx).
      if (problems.length > 0) {
        throw new ServiceError(
          60015,
          infoWithDetail(60015, `${problems.slice(0, 5).join(", ")} must be a string or an array of strings`),
        );
      }
      const parsed = descriptor.request.safeParse(normalized);
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

/** Request fields that name accounts (docs/error-codes.md#gateway-codes-60xxx: 60015 when one is not a string). */
const ACCOUNT_FIELDS = new Set(["From_Account", "To_Account", "UserID", "Identifier", "Accounts"]);

/**
 * The body as the service's JSON handling reads it, walking the command's schema: an optional field given as
 * `null` is absent (a widely used Go server SDK sends `"To_Account": null` to group_add for an empty list), and a
 * field naming an account must hold a string or strings (else its path goes to `problems`). Fields the schema does
 * not declare are left alone.
 */
function normalizeRequest(schema: z.ZodType, value: unknown, path: string[], problems: string[]): unknown {
  const s = unwrap(schema);
  const def = s._zod.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType };
  if (def.type === "array" && Array.isArray(value) && def.element) {
    const element = def.element;
    return value.map((v, i) => normalizeRequest(element, v, [...path, String(i)], problems));
  }
  if (def.type !== "object" || !def.shape || typeof value !== "object" || value === null || Array.isArray(value))
    return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, field] of Object.entries(def.shape)) {
    if (!Object.hasOwn(out, key)) continue;
    const v = out[key];
    if (v === null && field.safeParse(undefined).success) {
      delete out[key];
      continue;
    }
    if (
      ACCOUNT_FIELDS.has(key) &&
      !(typeof v === "string" || (Array.isArray(v) && v.every((e) => typeof e === "string")))
    )
      problems.push([...path, key].join("."));
    out[key] = normalizeRequest(field, v, [...path, key], problems);
  }
  return out;
}

/** The schema inside optional, nullable, default and pipe wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType && ["optional", "nullable", "default", "prefault", "readonly", "catch"].includes(def.type))
      current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
}

/** What the schema expected and what was given, for the first problem found. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join(".") : "body";
  return `${where}: ${issue.message}`;
}
