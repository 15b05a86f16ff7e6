// What the QStash API answers, as the client hands it back. Field names are
// the API's (and so the official SDK's). Written out as interfaces, so the
// package's declarations never name zod: a project compiled without
// `esModuleInterop` and without `skipLibCheck` (Pulumi's own TypeScript
// template) would otherwise trip over zod's declarations. The zod schemas in
// test/fixtures/client-schemas.ts describe the same shapes;
// test/unit/client-shapes.test.ts requires each schema's output type to equal
// its interface here. Every answer may carry fields QStash adds later: they
// pass through, hence the index signatures.

/** Response headers and forwarded headers: each name with its values. */
export type HeaderMap = Record<string, string[]>;

/** One published message: its id (and the URL it goes to, for a URL group). */
export interface PublishToUrlResponse {
  messageId: string;
  url?: string | undefined;
  /** True when QStash recognised a deduplication id and did not enqueue it again. */
  deduplicated?: boolean | undefined;
  [field: string]: unknown;
}

/** A schedule as the API returns it. */
export interface Schedule {
  scheduleId: string;
  cron: string;
  destination: string;
  /** Unix ms. */
  createdAt: number;
  method?: string | undefined;
  header?: HeaderMap | undefined;
  body?: string | undefined;
  bodyBase64?: string | undefined;
  retries?: number | undefined;
  /** Seconds. */
  delay?: number | undefined;
  callback?: string | undefined;
  failureCallback?: string | undefined;
  callbackHeader?: HeaderMap | undefined;
  failureCallbackHeader?: HeaderMap | undefined;
  /** Seconds. */
  timeout?: number | undefined;
  lastScheduleTime?: number | undefined;
  nextScheduleTime?: number | undefined;
  lastScheduleStates?: Record<string, string> | undefined;
  callerIP?: string | undefined;
  callerIp?: string | undefined;
  isPaused?: boolean | undefined;
  queueName?: string | undefined;
  flowControlKey?: string | undefined;
  parallelism?: number | undefined;
  rate?: number | undefined;
  /** Seconds. */
  period?: number | undefined;
  retryDelayExpression?: string | undefined;
  label?: string | undefined;
  labels?: string[] | undefined;
  redactFields?: unknown;
  [field: string]: unknown;
}

/** An endpoint of a URL group. */
export interface Endpoint {
  url: string;
  name?: string | undefined;
  [field: string]: unknown;
}

/** A URL group (formerly "topic"). Times are unix ms. */
export interface UrlGroup {
  name: string;
  endpoints: Endpoint[];
  createdAt?: number | undefined;
  updatedAt?: number | undefined;
  [field: string]: unknown;
}

/** A queue. Times are unix ms. */
export interface QueueInfo {
  name: string;
  createdAt?: number | undefined;
  updatedAt?: number | undefined;
  parallelism?: number | undefined;
  lag?: number | undefined;
  paused?: boolean | undefined;
  [field: string]: unknown;
}

/** The current and next signing keys. */
export interface SigningKeys {
  current: string;
  next: string;
  [field: string]: unknown;
}

/** A message not yet delivered, as `messages.get` returns it. */
export interface Message {
  messageId: string;
  url: string;
  /** Unix ms. */
  createdAt: number;
  topicName?: string | undefined;
  endpointName?: string | undefined;
  method?: string | undefined;
  header?: HeaderMap | undefined;
  body?: string | undefined;
  bodyBase64?: string | undefined;
  maxRetries?: number | undefined;
  notBefore?: number | undefined;
  callback?: string | undefined;
  failureCallback?: string | undefined;
  queueName?: string | undefined;
  scheduleId?: string | undefined;
  callerIP?: string | undefined;
  retryDelayExpression?: string | undefined;
  flowControlKey?: string | undefined;
  parallelism?: number | undefined;
  rate?: number | undefined;
  /** Seconds. */
  period?: number | undefined;
  label?: string | undefined;
  labels?: string[] | undefined;
  /** The official SDK's name of `topicName`. */
  urlGroup?: string | undefined;
  /** The official SDK's name of `rate`. */
  ratePerSecond?: number | undefined;
  [field: string]: unknown;
}

/** A dead-letter queue entry: the message plus the last response it got. */
export interface DlqMessage extends Message {
  dlqId: string;
  responseStatus?: number | undefined;
  responseHeader?: HeaderMap | undefined;
  responseBody?: string | undefined;
  /** The response body, when it is not UTF-8. */
  responseBodyBase64?: string | undefined;
}

/** One log entry: a state a message passed through. */
export interface Log {
  /** Unix ms. */
  time: number;
  messageId: string;
  state: string;
  url?: string | undefined;
  topicName?: string | undefined;
  endpointName?: string | undefined;
  queueName?: string | undefined;
  scheduleId?: string | undefined;
  header?: HeaderMap | undefined;
  /** Base64. */
  body?: string | undefined;
  error?: string | undefined;
  nextDeliveryTime?: number | undefined;
  responseStatus?: number | undefined;
  responseHeaders?: HeaderMap | undefined;
  responseBody?: string | undefined;
  method?: string | undefined;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  callback?: string | undefined;
  failureCallback?: string | undefined;
  /** The retry delay expression; log entries name it so, messages `retryDelayExpression`. */
  retryDelayExpr?: string | undefined;
  flowControlKey?: string | undefined;
  parallelism?: number | undefined;
  rate?: number | undefined;
  /** Seconds (1 when the flow control gave none). */
  period?: number | undefined;
  label?: string | undefined;
  labels?: string[] | undefined;
  /** The official SDK's name of `topicName`. */
  urlGroup?: string | undefined;
  [field: string]: unknown;
}

/** A flow-control key: its limits, current counts, wait list and pause/pin flags (absent counts read 0, flags false). */
export interface FlowControlInfo {
  flowControlKey: string;
  waitListSize: number;
  parallelismMax: number;
  parallelismCount: number;
  rateMax: number;
  rateCount: number;
  /** Seconds. */
  ratePeriod: number;
  /** Unix seconds. */
  ratePeriodStart: number;
  isPaused: boolean;
  isPinnedParallelism: boolean;
  isPinnedRate: boolean;
  [field: string]: unknown;
}

/** Global parallelism: the plan's maximum and how many messages run now. */
export interface GlobalParallelismInfo {
  parallelismMax: number;
  parallelismCount: number;
  [field: string]: unknown;
}

// Answers the client unwraps before handing them back.

/** Unwrapped by the client before it answers. */
export interface ScheduleIdAnswer {
  scheduleId: string;
  [field: string]: unknown;
}

/** Unwrapped by the client before it answers. */
export interface CancelledAnswer {
  cancelled: number;
  [field: string]: unknown;
}

/** Unwrapped by the client before it answers. */
export interface DlqPageAnswer {
  messages: DlqMessage[];
  cursor?: string | undefined;
  [field: string]: unknown;
}

/** Unwrapped by the client before it answers. */
export interface DlqDeletedAnswer {
  deleted: number;
  cursor?: string | undefined;
  [field: string]: unknown;
}

/** Unwrapped by the client before it answers. */
export interface DlqRetriedAnswer {
  responses: Array<{ messageId: string; [field: string]: unknown }>;
  cursor?: string | undefined;
  [field: string]: unknown;
}

/** Unwrapped by the client before it answers. */
export interface LogPageAnswer {
  events: Log[];
  cursor?: string | number | undefined;
  [field: string]: unknown;
}
