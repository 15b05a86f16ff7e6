import type { CallOptions } from "../types.js";
import type { HttpCore } from "./http.js";
import { nameSegment } from "./path.js";
import { request } from "./request.js";
import { listOf, type Shape } from "./shapes.js";

/**
 * The base of every resource class (`client.schedules`, `client.dlq`, ...):
 * it holds the client's HTTP core, so each resource only says which calls it
 * makes. Built by the client, never by callers.
 */
export class Resource {
  /** The client's one HTTP core. */
  protected readonly http: HttpCore;
  constructor(http: HttpCore) {
    this.http = http;
  }
}

/**
 * A resource kept by name under `base` (`/v2/schedules`, `/v2/topics`,
 * `/v2/queues`): `get`, `list` and `delete` are the same calls for each, so
 * they are written here once. `field` names the id in a validation error.
 */
export class Collection<T> extends Resource {
  readonly #base: string;
  readonly #field: string;
  readonly #item: Shape<T>;
  constructor(http: HttpCore, base: string, field: string, item: Shape<T>) {
    super(http);
    this.#base = base;
    this.#field = field;
    this.#item = item;
  }

  /** The path of one object, its name checked and encoded. */
  protected path(name: string, field = this.#field): string {
    return `${this.#base}/${nameSegment(name, field)}`;
  }

  /**
   * Get one by name. Throws `NotFoundError` when it does not exist.
   *
   * @example
   * ```ts
   * const s = await client.schedules.get("hourly-report");
   * const { lag, paused } = await client.queues.get("emails");
   * ```
   */
  async get(name: string, opts?: CallOptions): Promise<T> {
    return request(this.http, "GET", this.path(name), opts, { expect: this.#item });
  }

  /**
   * List them all.
   *
   * @example
   * ```ts
   * const names = (await client.urlGroups.list()).map((g) => g.name);
   * ```
   */
  async list(opts?: CallOptions): Promise<T[]> {
    return request(this.http, "GET", this.#base, opts, { expect: listOf(this.#item) });
  }

  /**
   * Delete one by name. A retry that finds it already gone counts as done.
   *
   * @example
   * ```ts
   * await client.queues.delete("emails");
   * ```
   */
  async delete(name: string, opts?: CallOptions): Promise<void> {
    await request(this.http, "DELETE", this.path(name), opts, { goneIsDone: true });
  }
}
