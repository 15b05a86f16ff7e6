import { ValidationError } from "../errors.js";
import type { HttpCore } from "./internal/http.js";
import { request } from "./internal/request.js";
import { Collection, Resource } from "./internal/resource.js";
import * as shape from "./internal/shapes.js";
import * as v from "./internal/validate.js";
import { jsonRequest, type PublishSettings, publish } from "./publish.js";
import type { CallOptions, PublishJsonRequest, PublishRequest, PublishResponse, QueueInfo } from "./types.js";

/** Options of `queues.upsert`. */
export interface UpsertQueueRequest {
  queueName: string;
  /** Messages delivered at once; default 1 (FIFO). */
  parallelism?: number;
  /** Create or put the queue in the paused state; default false. */
  paused?: boolean;
}

/**
 * Queues, by name. Reach it as `client.queues`; `client.queue({ queueName })`
 * gives the official SDK's per-queue object.
 *
 * @example
 * ```ts
 * await client.queues.upsert({ queueName: "emails", parallelism: 2 });
 * await client.queues.pause("emails");
 * ```
 */
export class Queues extends Collection<QueueInfo> {
  constructor(http: HttpCore) {
    super(http, "/v2/queues", "queueName", shape.queue);
  }

  /**
   * Create or update a queue. Sends all three fields (defaults parallelism 1,
   * paused false) as the official SDK does, so it is a full replace and safe
   * to retry.
   *
   * @example
   * ```ts
   * await client.queues.upsert({ queueName: "emails", parallelism: 5, paused: false });
   * ```
   */
  async upsert(req: UpsertQueueRequest, opts?: CallOptions): Promise<void> {
    const queueName = v.name(req.queueName, "queueName");
    const parallelism = req.parallelism === undefined ? 1 : v.int(req.parallelism, "parallelism", 1);
    if (req.paused !== undefined && typeof req.paused !== "boolean") {
      throw new ValidationError("paused", "expected a boolean");
    }
    await request(this.http, "POST", "/v2/queues", opts, {
      json: { queueName, parallelism, paused: req.paused ?? false },
    });
  }

  /**
   * Pause a queue: messages stay queued until it is resumed. Idempotent.
   *
   * @example
   * ```ts
   * await client.queues.pause("emails");
   * ```
   */
  async pause(queueName: string, opts?: CallOptions): Promise<void> {
    await request(this.http, "POST", `${this.path(queueName)}/pause`, opts);
  }

  /**
   * Resume a paused queue. Idempotent.
   *
   * @example
   * ```ts
   * await client.queues.resume("emails");
   * ```
   */
  async resume(queueName: string, opts?: CallOptions): Promise<void> {
    await request(this.http, "POST", `${this.path(queueName)}/resume`, opts);
  }
}

/**
 * One queue, as the official SDK's `client.queue({ queueName })` returns it.
 *
 * @example
 * ```ts
 * const q = client.queue({ queueName: "emails" });
 * await q.upsert({ parallelism: 2 });
 * await q.enqueueJSON({ url: "http://127.0.0.1:3000/send", body: { to: "a@b.c" } });
 * ```
 */
export class Queue extends Resource {
  readonly #queues: Queues;
  readonly #settings: PublishSettings;
  readonly queueName: string | undefined;

  constructor(http: HttpCore, settings: PublishSettings, queueName: string | undefined) {
    super(http);
    this.#queues = new Queues(http);
    this.#settings = settings;
    this.queueName = queueName;
  }

  #name(): string {
    if (this.queueName === undefined) {
      throw new ValidationError("queueName", "give a queue name to client.queue({ queueName })");
    }
    return this.queueName;
  }

  /**
   * Create or update this queue.
   *
   * @example
   * ```ts
   * await client.queue({ queueName: "emails" }).upsert({ parallelism: 3 });
   * ```
   */
  async upsert(req: { parallelism?: number; paused?: boolean } = {}, opts?: CallOptions): Promise<void> {
    return this.#queues.upsert({ ...req, queueName: this.#name() }, opts);
  }

  /**
   * Get this queue.
   *
   * @example
   * ```ts
   * const info = await client.queue({ queueName: "emails" }).get();
   * ```
   */
  async get(opts?: CallOptions): Promise<QueueInfo> {
    return this.#queues.get(this.#name(), opts);
  }

  /**
   * List all queues (needs no name).
   *
   * @example
   * ```ts
   * const all = await client.queue().list();
   * ```
   */
  async list(opts?: CallOptions): Promise<QueueInfo[]> {
    return this.#queues.list(opts);
  }

  /**
   * Delete this queue.
   *
   * @example
   * ```ts
   * await client.queue({ queueName: "emails" }).delete();
   * ```
   */
  async delete(opts?: CallOptions): Promise<void> {
    return this.#queues.delete(this.#name(), opts);
  }

  /**
   * Pause this queue.
   *
   * @example
   * ```ts
   * await client.queue({ queueName: "emails" }).pause();
   * ```
   */
  async pause(opts?: CallOptions): Promise<void> {
    return this.#queues.pause(this.#name(), opts);
  }

  /**
   * Resume this queue.
   *
   * @example
   * ```ts
   * await client.queue({ queueName: "emails" }).resume();
   * ```
   */
  async resume(opts?: CallOptions): Promise<void> {
    return this.#queues.resume(this.#name(), opts);
  }

  /**
   * Enqueue a message into this queue.
   *
   * @example
   * ```ts
   * await client.queue({ queueName: "emails" }).enqueue({ url: "http://127.0.0.1:3000/send", body: "x" });
   * ```
   */
  async enqueue<R extends PublishRequest>(req: R, opts?: CallOptions): Promise<PublishResponse<R>> {
    return publish(this.http, this.#settings, req, { queueName: this.#name() }, opts) as Promise<
      PublishResponse<R>
    >;
  }

  /**
   * Enqueue a JSON message into this queue.
   *
   * @example
   * ```ts
   * await client.queue({ queueName: "emails" }).enqueueJSON({ url: "http://127.0.0.1:3000/send", body: { id: 1 } });
   * ```
   */
  async enqueueJSON<R extends PublishJsonRequest>(req: R, opts?: CallOptions): Promise<PublishResponse<R>> {
    return this.enqueue(jsonRequest(req), opts) as Promise<PublishResponse<R>>;
  }
}
