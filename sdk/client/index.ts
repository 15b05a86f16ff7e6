/**
 * `pulumi-qstash/client`: a typed QStash REST client for every runtime: an
 * undici pool on Node, `fetch` on Workers, edge runtimes, Deno, Bun and browsers.
 *
 * @example
 * ```ts
 * import { Client, NotFoundError } from "pulumi-qstash/client";
 * const client = new Client({ token: process.env.QSTASH_TOKEN });
 * try { await client.schedules.get("nightly"); } catch (e) { if (!(e instanceof NotFoundError)) throw e; }
 * ```
 * @module
 */
export {
  BadRequestError,
  ConflictError,
  ConnectionError,
  HttpError,
  InvalidResponseError,
  NotFoundError,
  PulumiQStashError,
  QStashError,
  type QStashErrorCode,
  QuotaExceededError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
} from "../errors.js";
export { Client, type ClientOptions, type DispatcherLike } from "./client.js";
export {
  DLQ,
  type DlqBulkRequest,
  type DlqFilter,
  type DlqListRequest,
  type DlqListResponse,
  type DlqMessage,
} from "./dlq.js";
export {
  FlowControlApi,
  type FlowControlInfo,
  type GlobalParallelismInfo,
  type PinFlowControlOptions,
  type UnpinFlowControlOptions,
} from "./flow-control.js";
export type { CommonFilter, HostPathFilter, OneOrMore } from "./internal/filters.js";
export type { RetryOptions } from "./internal/retry.js";
export type { Log, LogFilter, LogState, LogsRequest, LogsResponse } from "./logs.js";
export { type Message, type MessageCancelRequest, type MessageFilter, Messages } from "./messages.js";
export { Queue, Queues, type UpsertQueueRequest } from "./queues.js";
export { Schedules } from "./schedules.js";
export { SigningKeys } from "./signing-keys.js";
export type * from "./types.js";
export { type AddEndpoint, type RemoveEndpoint, UrlGroups } from "./url-groups.js";
