import { DLQ } from "./dlq.js";
import { FlowControlApi } from "./flow-control.js";
import { resolveClientCredentials } from "./internal/config.js";
import { forwardHeaders } from "./internal/headers.js";
import { HttpCore } from "./internal/http.js";
import { type RetryOptions, resolveRetry } from "./internal/retry.js";
import * as v from "./internal/validate.js";
import {
  iterateLogs,
  type Log,
  type LogFilter,
  type LogsRequest,
  type LogsResponse,
  listLogs,
} from "./logs.js";
import { Messages } from "./messages.js";
import { batch, jsonRequest, type PublishSettings, publish } from "./publish.js";
import { Queue, Queues } from "./queues.js";
import { Schedules } from "./schedules.js";
import { SigningKeys } from "./signing-keys.js";
import type {
  BatchJsonRequest,
  BatchRequest,
  CallOptions,
  EnqueueJsonRequest,
  EnqueueRequest,
  HeadersInput,
  PublishJsonRequest,
  PublishRequest,
  PublishResponse,
  PublishToUrlGroupResponse,
  PublishToUrlResponse,
  Region,
} from "./types.js";
import { UrlGroups } from "./url-groups.js";

/**
 * An undici `Dispatcher` (Pool, Agent, ProxyAgent, MockAgent), declared by
 * shape so the client's types need neither undici's nor Node's: an edge
 * project compiles them with `types: []`.
 */
export interface DispatcherLike {
  request(...args: never[]): unknown;
  close(...args: never[]): unknown;
}

/**
 * Options of `new Client(...)`.
 *
 * @example
 * ```ts
 * const opts: ClientOptions = { token: "…", baseUrl: "http://127.0.0.1:8081", retry: { retries: 3 } };
 * ```
 */
export interface ClientOptions {
  /**
   * QStash token. Resolved as the official SDK does when `token` and
   * `baseUrl` are not both given: `QSTASH_REGION` (either spelling) with
   * `<REGION>_QSTASH_URL` and `<REGION>_QSTASH_TOKEN`, then `QSTASH_TOKEN`.
   * Never appears in errors.
   */
  token?: string;
  /** API base URL; defaults as `token` does, then to `QSTASH_URL`, then https://qstash.upstash.io. */
  baseUrl?: string;
  /**
   * `us-east-1` / `US_EAST_1` or `eu-central-1` / `EU_CENTRAL_1`: selects that
   * region's `<REGION>_QSTASH_URL` / `_TOKEN` variables, else its host.
   */
  region?: Region;
  /**
   * Talk to the local dev server (`http://127.0.0.1:<QSTASH_DEV_PORT or 8080>`
   * with its fixed token), ignoring `baseUrl` and `token`, as the official SDK's
   * `devMode` does. Default: `QSTASH_DEV` (`true`/`1`).
   */
  devMode?: boolean;
  /** Per-attempt timeout in ms (time to response headers, then between body chunks). Default 30000. */
  timeoutMs?: number;
  /** Retry policy, or `false` to never retry. */
  retry?: RetryOptions | false;
  /** Node only: your own undici dispatcher (a Pool, Agent, MockAgent or ProxyAgent). Default: a keep-alive Pool. */
  dispatcher?: DispatcherLike;
  /**
   * A `fetch` to send requests with (tracing, a proxy, a test double), instead
   * of the runtime's default transport: an undici pool on Node, the global
   * `fetch` everywhere else.
   */
  fetch?: typeof fetch;
  /**
   * Generate an `Upstash-Deduplication-Id` for a publish/enqueue/batch message
   * that has neither one nor `contentBasedDeduplication`, so it can be
   * retried after a 5xx or a dropped connection without being delivered
   * twice. Default false, as in the official SDK: an id changes QStash's own
   * deduplication for that message (ledger Q1). Without one such messages
   * are only retried after a 429.
   */
  autoDeduplicationId?: boolean;
  /**
   * Headers added to every message and schedule this client sends, as the
   * official SDK's `headers`: forwarded (`Upstash-Forward-*`) unless they are
   * `Upstash-*` or `Content-Type`, and overridden by a message's own headers.
   */
  headers?: HeadersInput;
}

/**
 * The QStash REST client. Names follow `@upstash/qstash`; behaviour adds
 * retries that never duplicate work, timeouts, typed errors and validation
 * before any request.
 *
 * @example
 * ```ts
 * import { Client } from "pulumi-qstash/client";
 * const client = new Client({ token: process.env.QSTASH_TOKEN });
 * await client.publishJSON({ url: "http://127.0.0.1:3000/hook", body: { hello: "world" } });
 * await client.close();
 * ```
 */
export class Client {
  // `declare`d: the constructor sets each, so no empty field definitions are emitted.
  /** Schedules (`create`, `get`, `list`, `delete`, `pause`, `resume`). */
  declare readonly schedules: Schedules;
  /** URL groups (`addEndpoints`, `removeEndpoints`, `get`, `list`, `delete`). */
  declare readonly urlGroups: UrlGroups;
  /** Deprecated name of `urlGroups`, kept as in the official SDK. */
  declare readonly topics: UrlGroups;
  /** Queues by name (`upsert`, `get`, `list`, `delete`, `pause`, `resume`). */
  declare readonly queues: Queues;
  /** Signing keys (`get`, `rotate`). */
  declare readonly signingKeys: SigningKeys;
  /** Messages in flight (`get`, `cancel`). */
  declare readonly messages: Messages;
  /** The dead-letter queue (`listMessages`, `iterate`, `get`, `delete`, `retry`). */
  declare readonly dlq: DLQ;
  /** Flow-control keys (`list`, `get`, `getGlobalParallelism`, `pause`, `resume`, `pin`, `unpin`, `resetRate`). */
  declare readonly flowControl: FlowControlApi;
  /** The resolved API base URL (without `/v2`). */
  declare readonly baseUrl: string;

  readonly #http: HttpCore;
  readonly #settings: PublishSettings;

  constructor(options: ClientOptions = {}) {
    const { baseUrl, token } = resolveClientCredentials(options);
    const timeoutMs = options.timeoutMs === undefined ? 30_000 : v.int(options.timeoutMs, "timeoutMs", 1);
    this.#http = new HttpCore({
      baseUrl,
      token,
      timeoutMs,
      retry: resolveRetry(options.retry),
      dispatcher: options.dispatcher,
      fetch: options.fetch,
      userAgent: "pulumi-qstash/0.1.0",
    });
    this.#settings = {
      autoDeduplicationId: options.autoDeduplicationId ?? false,
      headers: forwardHeaders(options.headers),
    };
    this.baseUrl = baseUrl;
    this.schedules = new Schedules(this.#http, this.#settings);
    this.urlGroups = new UrlGroups(this.#http);
    this.topics = this.urlGroups;
    this.queues = new Queues(this.#http);
    this.signingKeys = new SigningKeys(this.#http);
    this.messages = new Messages(this.#http);
    this.dlq = new DLQ(this.#http);
    this.flowControl = new FlowControlApi(this.#http);
  }

  /**
   * One page of logs (every state each message passed through), newest first; pass the
   * returned `cursor` for the next page, or use `iterateLogs`.
   *
   * @example
   * ```ts
   * const { logs, cursor } = await client.logs({ filter: { state: "FAILED" } });
   * ```
   */
  logs(req: LogsRequest = {}, opts?: CallOptions): Promise<LogsResponse> {
    return listLogs(this.#http, req, opts);
  }

  /**
   * The old name of `logs`, kept as in the official SDK.
   *
   * @deprecated Use `logs`.
   * @example
   * ```ts
   * const { events } = await client.events();
   * ```
   */
  events(req: LogsRequest = {}, opts?: CallOptions): Promise<LogsResponse> {
    return this.logs(req, opts);
  }

  /**
   * Every matching log entry, fetching page after page as you iterate.
   *
   * @example
   * ```ts
   * for await (const log of client.iterateLogs({ filter: { label: "nightly" } })) console.log(log.state);
   * ```
   */
  iterateLogs(
    req: { filter?: LogFilter; count?: number } = {},
    opts?: CallOptions,
  ): AsyncGenerator<Log, void, undefined> {
    return iterateLogs(this.#http, req, opts);
  }

  /**
   * Publish a message to a URL (→ `{ messageId }`) or a URL group (→ one per endpoint).
   *
   * @example
   * ```ts
   * const { messageId } = await client.publish({ url: "http://127.0.0.1:3000/hook", body: "ping" });
   * ```
   */
  publish<R extends PublishRequest>(req: R, opts?: CallOptions): Promise<PublishResponse<R>> {
    return publish(this.#http, this.#settings, req, undefined, opts) as Promise<PublishResponse<R>>;
  }

  /**
   * Publish a JSON body (serialised here; sets `Content-Type: application/json`).
   *
   * @example
   * ```ts
   * await client.publishJSON({ urlGroup: "orders", body: { id: 42 } });
   * ```
   */
  publishJSON<R extends PublishJsonRequest>(req: R, opts?: CallOptions): Promise<PublishResponse<R>> {
    return this.publish(jsonRequest(req), opts) as Promise<PublishResponse<R>>;
  }

  /**
   * Enqueue a message into `queueName` (same options as publish).
   *
   * @example
   * ```ts
   * await client.enqueue({ queueName: "emails", url: "http://127.0.0.1:3000/send", body: "x" });
   * ```
   */
  enqueue<R extends EnqueueRequest>(req: R, opts?: CallOptions): Promise<PublishResponse<R>> {
    return publish(this.#http, this.#settings, req, { queueName: req.queueName }, opts) as Promise<
      PublishResponse<R>
    >;
  }

  /**
   * Enqueue a JSON message into `queueName`.
   *
   * @example
   * ```ts
   * await client.enqueueJSON({ queueName: "emails", url: "http://127.0.0.1:3000/send", body: { id: 1 } });
   * ```
   */
  enqueueJSON<R extends EnqueueJsonRequest>(req: R, opts?: CallOptions): Promise<PublishResponse<R>> {
    return this.enqueue(jsonRequest(req) as EnqueueRequest, opts) as Promise<PublishResponse<R>>;
  }

  /**
   * Publish several messages in one request; results come back in order.
   *
   * @example
   * ```ts
   * const [a, b] = await client.batch([
   *   { url: "http://127.0.0.1:3000/a", body: "1" },
   *   { url: "http://127.0.0.1:3000/b", body: "2", queueName: "emails" },
   * ]);
   * ```
   */
  batch(
    reqs: BatchRequest[],
    opts?: CallOptions,
  ): Promise<Array<PublishToUrlResponse | PublishToUrlGroupResponse>> {
    return batch(this.#http, this.#settings, reqs, opts);
  }

  /**
   * `batch` with JSON bodies.
   *
   * @example
   * ```ts
   * await client.batchJSON([{ url: "http://127.0.0.1:3000/a", body: { n: 1 } }]);
   * ```
   */
  batchJSON(
    reqs: BatchJsonRequest[],
    opts?: CallOptions,
  ): Promise<Array<PublishToUrlResponse | PublishToUrlGroupResponse>> {
    return this.batch(reqs.map(jsonRequest), opts);
  }

  /**
   * One queue, with the official SDK's per-queue methods.
   *
   * @example
   * ```ts
   * const q = client.queue({ queueName: "emails" });
   * await q.upsert({ parallelism: 2 });
   * ```
   */
  queue(req: { queueName?: string } = {}): Queue {
    return new Queue(this.#http, this.#settings, req.queueName);
  }

  /**
   * Close pooled connections. Call it when done so the process can exit promptly.
   *
   * @example
   * ```ts
   * await client.close();
   * ```
   */
  close(): Promise<void> {
    return this.#http.close();
  }
}
