import { ValidationError } from "../errors.js";
import type { HttpCore } from "./internal/http.js";
import { request } from "./internal/request.js";
import { Collection } from "./internal/resource.js";
import * as shape from "./internal/shapes.js";
import * as v from "./internal/validate.js";
import type { CallOptions, UrlGroup } from "./types.js";

/** An endpoint to add: its URL and an optional name. */
export interface AddEndpoint {
  url: string;
  name?: string;
}
/** An endpoint to remove, identified by name or by URL. */
export type RemoveEndpoint = { name: string; url?: string } | { url: string; name?: string };

/**
 * URL groups (formerly "topics"; the API path is still `/v2/topics`). Reach
 * it as `client.urlGroups` or `client.topics`.
 *
 * @example
 * ```ts
 * await client.urlGroups.addEndpoints({ name: "orders", endpoints: [{ url: "http://127.0.0.1:3000/a" }] });
 * const g = await client.urlGroups.get("orders");
 * ```
 */
export class UrlGroups extends Collection<UrlGroup> {
  constructor(http: HttpCore) {
    // The API still calls URL groups "topics".
    super(http, "/v2/topics", "name", shape.urlGroup);
  }

  /**
   * Add endpoints, creating the group if needed. Safe to retry: QStash keys
   * endpoints by URL/name, so adding the same endpoint again changes nothing.
   *
   * @example
   * ```ts
   * await client.urlGroups.addEndpoints({ name: "orders", endpoints: [{ name: "a", url: "http://127.0.0.1:3000/a" }] });
   * ```
   */
  async addEndpoints(req: { name: string; endpoints: AddEndpoint[] }, opts?: CallOptions): Promise<void> {
    const endpoints = this.#endpoints(req.endpoints, true);
    await request(this.http, "POST", `${this.path(req.name)}/endpoints`, opts, { json: { endpoints } });
  }

  /**
   * Remove endpoints by name or URL. Removing the last one deletes the group.
   *
   * @example
   * ```ts
   * await client.urlGroups.removeEndpoints({ name: "orders", endpoints: [{ name: "a" }] });
   * ```
   */
  async removeEndpoints(
    req: { name: string; endpoints: RemoveEndpoint[] },
    opts?: CallOptions,
  ): Promise<void> {
    const endpoints = this.#endpoints(req.endpoints, false);
    const path = `${this.path(req.name)}/endpoints`;
    await request(this.http, "DELETE", path, opts, { json: { endpoints }, goneIsDone: true });
  }

  #endpoints(list: unknown, add: boolean): Array<{ name?: string; url?: string }> {
    if (!Array.isArray(list) || list.length === 0) {
      throw new ValidationError("endpoints", "expected a non-empty array of endpoints");
    }
    return list.map((e: unknown, i) => {
      const field = `endpoints[${i}]`;
      if (e === null || typeof e !== "object") throw new ValidationError(field, "expected { url, name? }");
      const { url, name } = e as { url?: unknown; name?: unknown };
      const out: { name?: string; url?: string } = {};
      if (name !== undefined) out.name = v.endpointName(name, `${field}.name`);
      if (url !== undefined) out.url = v.httpUrl(url, `${field}.url`);
      if (add && out.url === undefined) throw new ValidationError(`${field}.url`, "expected an http(s) URL");
      if (!add && out.url === undefined && out.name === undefined) {
        throw new ValidationError(field, "expected a name or a url");
      }
      return out;
    });
  }
}
