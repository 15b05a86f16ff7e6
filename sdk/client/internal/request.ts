import type * as z from "zod/mini";
import type { CallOptions } from "../types.js";
import type { Call, HttpCore, HttpMethod } from "./http.js";

/**
 * What a method adds to its HTTP method and path. Every field defaults to the
 * common case, so most methods only name their path and response schema.
 */
export interface RequestSpec<S extends z.ZodMiniType = z.ZodMiniType> {
  /** A JSON body, serialised here and sent as `application/json`. */
  json?: unknown;
  /** A raw body, sent as is (publish, schedules). */
  body?: string | undefined;
  headers?: Record<string, string>;
  /**
   * Whether repeating the request cannot change the outcome. Default true:
   * reads, deletes, upserts and the fixed-id writes of this client all are.
   */
  idempotent?: boolean;
  /** For deletes: a 404 after an attempt whose outcome is unknown means that attempt did the work. */
  goneIsDone?: boolean;
  /** Parse the 2xx body with this schema; without one the body is ignored. */
  expect?: S;
}

/**
 * The one request helper every client method goes through: it turns a method,
 * a path (already encoded with `nameSegment`/`rawDestination`), the caller's
 * `CallOptions` and a spec into a transport call, and parses the answer when
 * the spec says what to expect.
 *
 * @example
 * ```ts
 * const group = await request(http, "GET", "/v2/topics/orders", opts, { expect: urlGroupSchema });
 * await request(http, "DELETE", "/v2/topics/orders", opts, { goneIsDone: true });
 * ```
 */
export function request<S extends z.ZodMiniType>(
  http: HttpCore,
  method: HttpMethod,
  path: string,
  opts: CallOptions,
  spec: RequestSpec<S> & { expect: S },
): Promise<z.output<S>>;
export function request(
  http: HttpCore,
  method: HttpMethod,
  path: string,
  opts: CallOptions,
  spec?: RequestSpec,
): Promise<void>;
export async function request(
  http: HttpCore,
  method: HttpMethod,
  path: string,
  opts: CallOptions,
  spec: RequestSpec = {},
): Promise<unknown> {
  const call: Call = { method, path, idempotent: spec.idempotent ?? true, signal: opts.signal };
  if (spec.json !== undefined) {
    call.headers = { "content-type": "application/json", ...spec.headers };
    call.body = JSON.stringify(spec.json);
  } else {
    if (spec.headers !== undefined) call.headers = spec.headers;
    if (spec.body !== undefined) call.body = spec.body;
  }
  if (spec.goneIsDone) call.notFoundAfterAmbiguousIsDone = true;
  if (spec.expect !== undefined) return http.json(call, spec.expect);
  await http.send(call);
}
