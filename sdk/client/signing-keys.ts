import { request } from "./internal/request.js";
import { Resource } from "./internal/resource.js";
import * as shape from "./internal/shapes.js";
import type { CallOptions, SigningKeys as Keys } from "./types.js";

/**
 * The signing keys QStash signs deliveries with. Reach it as `client.signingKeys`.
 *
 * @example
 * ```ts
 * const { current, next } = await client.signingKeys.get();
 * ```
 */
export class SigningKeys extends Resource {
  /**
   * Read the current and next signing keys.
   *
   * @example
   * ```ts
   * const keys = await client.signingKeys.get();
   * ```
   */
  async get(opts?: CallOptions): Promise<Keys> {
    return request(this.http, "GET", "/v2/keys", opts, { expect: shape.signingKeys });
  }

  /**
   * Rotate: `next` becomes `current` and a new `next` is made. Not
   * idempotent, so it is retried only after a 429 or a refused connection
   * (when the server certainly did nothing).
   *
   * @example
   * ```ts
   * const { current, next } = await client.signingKeys.rotate();
   * ```
   */
  async rotate(opts?: CallOptions): Promise<Keys> {
    return request(this.http, "POST", "/v2/keys/rotate", opts, {
      idempotent: false,
      expect: shape.signingKeys,
    });
  }
}
