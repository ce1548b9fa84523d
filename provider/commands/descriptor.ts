import { z } from "zod";

/**
 * One REST command of Tencent Cloud Chat, described once and shared by the client (what it sends and how it parses
 * the answer) and the emulator (its route table and request parsing). Paths and envelope: docs/rest-api.md#requests.
 */
export type ServiceName = "im_open_login_svc" | "sns" | "profile";

import type { ErrorFamily } from "./error-family";

export type { ErrorFamily };

/** How a batch command carries its items and answers each of them. */
export interface BatchRule {
  /** The request field that holds the items. */
  field: string;
  /** How many items the client puts in one request. */
  clientLimit: number;
  /** How many items the service accepts before it refuses the whole request. */
  serviceLimit: number;
  /**
   * The response field holding one result per item, and the field naming the item in each result (and in each item,
   * when items are objects). Absent when the command answers the request as a whole.
   */
  results?: { field: string; key: "To_Account" | "UserID" };
}

export interface CommandDescriptor<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  service: ServiceName;
  command: string;
  /** `v4/<service>/<command>`, without a leading slash. */
  path: string;
  /** The request body. Shape only: limits are rules of the service, checked by the emulator's store. */
  request: Req;
  /** The response body: the common envelope plus this command's fields; unknown fields are kept, never rejected. */
  response: Res;
  /** Re-sending the same body cannot change the outcome (reads), or the caller re-checks per item (writes). */
  retrySafe: boolean;
  /** Writes one user's relationship chain: two overlapping writes for the same user answer 30008. */
  writes: boolean;
  batch?: BatchRule;
  /** Default calls per second per SDKAppID (docs/rest-api.md#call-rates). */
  rateLimit: number;
  family: ErrorFamily;
}

export type RequestOf<D> = D extends CommandDescriptor<infer Req, z.ZodType> ? z.input<Req> : never;
export type ResponseOf<D> = D extends CommandDescriptor<z.ZodType, infer Res> ? z.output<Res> : never;

/**
 * The envelope every response carries (docs/rest-api.md#response-envelope). The service leaves fields out of some
 * answers, so each has a default; the client checks separately that an answer has one at all.
 */
export const envelopeShape = {
  ActionStatus: z.string().default("OK"),
  ErrorCode: z.number().int().default(0),
  ErrorInfo: z.string().default(""),
  ErrorDisplay: z.string().optional(),
};

/** A response schema: the envelope plus the command's own fields, tolerant of fields we do not know. */
export function responseSchema<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.looseObject({ ...envelopeShape, ...shape });
}

export function defineCommand<Req extends z.ZodType, Res extends z.ZodType>(
  d: Omit<CommandDescriptor<Req, Res>, "path">,
): CommandDescriptor<Req, Res> {
  return { ...d, path: `v4/${d.service}/${d.command}` };
}

/** Items per request for a batch command. */
export function clientLimit(descriptor: CommandDescriptor): number {
  if (!descriptor.batch) throw new TypeError(`${descriptor.command} is not a batch command`);
  return descriptor.batch.clientLimit;
}
