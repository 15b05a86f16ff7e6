import type { CallOptions } from "../types.js";
import type { Call, HttpCore, HttpMethod } from "./http.js";
import type { Shape } from "./shapes.js";

/**
 * What a method adds to its HTTP method and path. Every field defaults to the
 * common case, so most methods only name their path and response schema.
 */
export interface RequestSpec<T = unknown> {
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
  /**
   * For deletes: a 404 after an attempt whose outcome is unknown means that
   * attempt did the work. With `expect`, give the answer to return then in
   * `gone`.
   */
  goneIsDone?: boolean;
  gone?: T;
  /** Parse the 2xx body and check it with this shape; without one the body is ignored. */
  expect?: Shape<T>;
}

/**
 * The one request helper every client method goes through: it turns a method,
 * a path (already encoded with `nameSegment`/`rawDestination`), the caller's
 * `CallOptions` and a spec into a transport call, and parses the answer when
 * the spec says what to expect.
 *
 * @example
 * ```ts
 * const group = await request(http, "GET", "/v2/topics/orders", opts, { expect: urlGroup });
 * await request(http, "DELETE", "/v2/topics/orders", opts, { goneIsDone: true });
 * ```
 */
export function request<T>(
  http: HttpCore,
  method: HttpMethod,
  path: string,
  opts: CallOptions | undefined,
  spec: RequestSpec<T> & { expect: Shape<T> },
): Promise<T>;
export function request(
  http: HttpCore,
  method: HttpMethod,
  path: string,
  opts: CallOptions | undefined,
  spec?: RequestSpec,
): Promise<void>;
export async function request(
  http: HttpCore,
  method: HttpMethod,
  path: string,
  opts: CallOptions | undefined,
  spec: RequestSpec = {},
): Promise<unknown> {
  const call: Call = { method, path, idempotent: spec.idempotent ?? true, signal: opts?.signal };
  if (spec.json !== undefined) {
    call.headers = { "content-type": "application/json", ...spec.headers };
    call.body = JSON.stringify(spec.json);
  } else {
    if (spec.headers !== undefined) call.headers = spec.headers;
    if (spec.body !== undefined) call.body = spec.body;
  }
  if (spec.goneIsDone) {
    call.notFoundAfterAmbiguousIsDone = true;
    call.goneAnswer = spec.gone;
  }
  if (spec.expect !== undefined) return http.json(call, spec.expect);
  await http.send(call);
}
