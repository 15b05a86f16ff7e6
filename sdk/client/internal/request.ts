import type { CallOptions } from "../types.js";
import type { HttpCore, HttpMethod, RequestSpec } from "./http.js";
import type { Shape } from "./shapes.js";

export type { RequestSpec } from "./http.js";

/**
 * The one request helper every client method goes through: a method, a path
 * (already encoded with `nameSegment`/`rawDestination`), the caller's
 * `CallOptions` and a spec make one call of the HTTP core, which parses the
 * answer when the spec says what to expect.
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
export function request(
  http: HttpCore,
  method: HttpMethod,
  path: string,
  opts: CallOptions | undefined,
  spec?: RequestSpec,
): Promise<unknown> {
  return http.send({ ...spec, method, path, signal: opts?.signal });
}
