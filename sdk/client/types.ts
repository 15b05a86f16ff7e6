// Public request and response types. Field names follow the QStash API and
// the official `@upstash/qstash` SDK so code moves between them unchanged.

import type { PublishToUrlResponse } from "./responses.js";

export type {
  Endpoint,
  HeaderMap,
  PublishToUrlResponse,
  QueueInfo,
  Schedule,
  SigningKeys,
  UrlGroup,
} from "./responses.js";

/** HTTP method QStash uses to call the destination. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * A QStash duration: a number of whole seconds, or a string of `<n>s|m|h|d`
 * parts such as `"50s"`, `"5m"` or `"1d10h30m"`.
 *
 * @example
 * ```ts
 * const d: Duration = "1h30m";
 * ```
 */
export type Duration = number | `${number}${"s" | "m" | "h" | "d"}` | (string & {});

/** Regions with their own QStash host (each has its own token and keys), in either spelling. */
export type Region = "eu-central-1" | "us-east-1" | "EU_CENTRAL_1" | "US_EAST_1";

/**
 * Headers for the destination. Names that start with neither `upstash-` nor
 * `content-type` are sent as `Upstash-Forward-<name>`, which QStash strips
 * before delivery; `upstash-*` names pass through as QStash options.
 */
export type HeadersInput = Record<string, string> | Headers | Array<[string, string]>;

/**
 * Flow control: messages sharing `key` are delivered at most `parallelism` at
 * a time and at most `rate` per `period` (default one second).
 *
 * @example
 * ```ts
 * const fc: FlowControl = { key: "billing", parallelism: 2, rate: 10, period: "1m" };
 * ```
 */
export interface FlowControl {
  key: string;
  parallelism?: number;
  rate?: number;
  /** @deprecated The official SDK's old name of `rate`, still accepted. */
  ratePerSecond?: number;
  /** Up to one week. A number is seconds. */
  period?: Duration;
}

/**
 * What QStash should hide in logs: the body, all headers, or named headers.
 *
 * @example
 * ```ts
 * const r: Redact = { body: true, header: ["Authorization"] };
 * ```
 */
export interface Redact {
  body?: true;
  header?: true | string[];
}

/** Options shared by publish, enqueue, batch and schedules. */
export interface MessageOptions {
  /** Raw body, delivered as is. */
  body?: string;
  headers?: HeadersInput;
  /** Shorthand for a `Content-Type` header. */
  contentType?: string;
  /** Method used to call the destination; default POST. */
  method?: HttpMethod;
  /** Delay before delivery (for schedules: of each triggered message). */
  delay?: Duration;
  /** Retries after the first delivery attempt (integer >= 0). */
  retries?: number;
  /** Backoff expression in ms, e.g. `"pow(2, retried) * 1000"`. */
  retryDelay?: string;
  /** URL called with the result of each delivery attempt. */
  callback?: string;
  /** URL called once delivery has failed for good. */
  failureCallback?: string;
  /** Headers sent to `callback` (`Upstash-Callback-Forward-<name>`), e.g. its `Authorization`. */
  callbackHeaders?: HeadersInput;
  /** Headers sent to `failureCallback` (`Upstash-Failure-Callback-Forward-<name>`). */
  failureCallbackHeaders?: HeadersInput;
  /** Method of the callback request (`Upstash-Callback-Method`); default POST. */
  callbackMethod?: HttpMethod;
  /** Timeout of the callback request (`Upstash-Callback-Timeout`). */
  callbackTimeout?: Duration;
  /** Retries of the callback request (`Upstash-Callback-Retries`). */
  callbackRetries?: number;
  /** Retry delay expression of the callback request (`Upstash-Callback-Retry-Delay`). */
  callbackRetryDelay?: string;
  /** Method of the failure-callback request (`Upstash-Failure-Callback-Method`). */
  failureCallbackMethod?: HttpMethod;
  /** Timeout of the failure-callback request (`Upstash-Failure-Callback-Timeout`). */
  failureCallbackTimeout?: Duration;
  /** Retries of the failure-callback request (`Upstash-Failure-Callback-Retries`). */
  failureCallbackRetries?: number;
  /** Retry delay expression of the failure-callback request (`Upstash-Failure-Callback-Retry-Delay`). */
  failureCallbackRetryDelay?: string;
  /** How long QStash waits for the destination to answer. */
  timeout?: Duration;
  flowControl?: FlowControl;
  /** One label, or several (sent comma-separated). */
  label?: string | string[];
  redact?: Redact;
}

/** Where a message goes: exactly one of `url`, `urlGroup` or its old name `topic`. */
export type Destination =
  | { url: string; urlGroup?: never; topic?: never }
  | { urlGroup: string; url?: never; topic?: never }
  | { topic: string; url?: never; urlGroup?: never };

/** Options only a publish/enqueue/batch message has. */
export interface PublishOnlyOptions {
  /** Unix seconds before which the message is not delivered (wins over `delay`). */
  notBefore?: number;
  /**
   * Messages with the same id are delivered once. Never generated unless the
   * client was built with `autoDeduplicationId: true` (ledger Q1).
   */
  deduplicationId?: string;
  contentBasedDeduplication?: boolean;
}

/**
 * A publish request.
 *
 * @example
 * ```ts
 * const req: PublishRequest = { url: "http://127.0.0.1:3000/hook", body: "hi", retries: 2 };
 * ```
 */
export type PublishRequest = MessageOptions & PublishOnlyOptions & Destination;

/** A publishJSON request: `body` is any JSON value, serialised for you. */
export type PublishJsonRequest<B = unknown> = Omit<MessageOptions, "body"> &
  PublishOnlyOptions &
  Destination & { body?: B };

/** An enqueue request: a publish into the named queue. */
export type EnqueueRequest = PublishRequest & { queueName: string };
/** An enqueueJSON request. */
export type EnqueueJsonRequest<B = unknown> = PublishJsonRequest<B> & { queueName: string };

/** One message of a batch; `queueName` enqueues it instead of publishing. */
export type BatchRequest = PublishRequest & { queueName?: string };
/** One message of a batchJSON. */
export type BatchJsonRequest<B = unknown> = PublishJsonRequest<B> & { queueName?: string };

/** Result of publishing to a URL group: one entry per endpoint. */
export type PublishToUrlGroupResponse = PublishToUrlResponse[];

/** `PublishToUrlResponse` for a URL, an array for a URL group. */
export type PublishResponse<R> = R extends { url: string } ? PublishToUrlResponse : PublishToUrlGroupResponse;

/**
 * Options of `schedules.create`. Every header the QStash reference lists for
 * schedules has a typed option here. Re-creating with the same `scheduleId`
 * replaces the whole schedule (omitted options are cleared).
 *
 * @example
 * ```ts
 * const s: CreateScheduleRequest = {
 *   destination: "http://127.0.0.1:3000/nightly",
 *   cron: "CRON_TZ=Europe/Berlin 0 3 * * *",
 *   scheduleId: "nightly",
 *   retries: 2,
 * };
 * ```
 */
export interface CreateScheduleRequest extends MessageOptions {
  /** An http(s) URL or a URL group name. */
  destination: string;
  /** 5-field cron, optionally prefixed `CRON_TZ=<IANA zone> `. */
  cron: string;
  /**
   * The id; re-using it replaces that schedule. When omitted the client picks
   * one (`scd_<uuid>`) before the first attempt so a retried create cannot
   * make a second schedule.
   */
  scheduleId?: string;
  /** Enqueue triggered messages into this queue. */
  queueName?: string;
  /** Several labels; merged with `label`. */
  labels?: string[];
}

/** Per-call options every method accepts as its last argument. */
export interface CallOptions {
  /** Abort the call (and its retries). */
  signal?: AbortSignal;
}
