// Generated from the property declarations (provider/property.ts and each kind's schema.ts)
// by `npm run generate`; test/unit/generated.test.ts fails when it is stale. Do not edit.
import type * as pulumi from "@pulumi/pulumi";
import type { UrlGroup } from "./url-group/resource.js";

/** Where a resource's QStash lives when it differs from the provider's configuration (stacks spanning regions or accounts). Stored in state only as a secret. */
export interface ConnectionArgs {
  /** QStash API token. Falls back to the QSTASH_TOKEN environment variable. */
  token?: pulumi.Input<string>;
  /** Base URL of the QStash API, e.g. a local devserver's http://127.0.0.1:8080. Falls back to QSTASH_URL. */
  url?: pulumi.Input<string>;
  /** eu-central-1 (default) or us-east-1, used when no url is set. Falls back to QSTASH_REGION. */
  region?: pulumi.Input<"eu-central-1" | "us-east-1">;
}

export interface UrlGroupEndpointArgs {
  /** Endpoint URL (http:// or https://), kept exactly as written. */
  url: pulumi.Input<string>;
  /** Endpoint name, unique within the group; any text, spaces included. */
  name?: pulumi.Input<string>;
}

/** Arguments of a {@link UrlGroup}. */
export interface UrlGroupArgs {
  /** Group name: letters, digits, `-`, `_`, `.`. Changing it replaces the group. */
  name: pulumi.Input<string>;
  /** The group's endpoints ({ url, name? }), at least one. Applied in place with the fewest add and remove calls; order does not matter. Manage a group's endpoints here or with Endpoint resources, not both. */
  endpoints: pulumi.Input<pulumi.Input<UrlGroupEndpointArgs>[]>;
  /** Take over a URL group that already exists in QStash instead of failing. `pulumi import` is the other way to bring one under Pulumi. */
  adopt?: pulumi.Input<boolean>;
  /** Where this resource's QStash lives when it differs from the provider's configuration ({ token?, url?, region? }). Always stored as a secret. A different url or region replaces the resource; a different token only updates it. */
  connection?: pulumi.Input<ConnectionArgs>;
}

export interface UrlGroupEndpointOutput {
  /** Endpoint URL (http:// or https://), kept exactly as written. */
  url: string;
  /** Endpoint name, unique within the group; any text, spaces included. */
  name?: string;
}

/** What a {@link UrlGroup} holds after create, update or refresh. */
export interface UrlGroupOutputs {
  /** Group name: letters, digits, `-`, `_`, `.`. Changing it replaces the group. */
  readonly name: pulumi.Output<string>;
  /** The group's endpoints ({ url, name? }), at least one. Applied in place with the fewest add and remove calls; order does not matter. Manage a group's endpoints here or with Endpoint resources, not both. */
  readonly endpoints: pulumi.Output<UrlGroupEndpointOutput[]>;
  /** Creation time, milliseconds since the epoch. */
  readonly createdAt: pulumi.Output<number | undefined>;
}

/** Arguments of a {@link Endpoint}. */
export interface EndpointArgs {
  /** Name of the URL group the endpoint belongs to; created if missing. */
  urlGroup: pulumi.Input<string>;
  /** Endpoint URL (http:// or https://), kept exactly as written. */
  url: pulumi.Input<string>;
  /** Endpoint name, unique within the group; any text, spaces included. */
  name?: pulumi.Input<string>;
  /** Accepted for symmetry with the other resources; adding an endpoint is already idempotent. */
  adopt?: pulumi.Input<boolean>;
  /** Where this resource's QStash lives when it differs from the provider's configuration ({ token?, url?, region? }). Always stored as a secret. A different url or region replaces the resource; a different token only updates it. */
  connection?: pulumi.Input<ConnectionArgs>;
}

/** What a {@link Endpoint} holds after create, update or refresh. */
export interface EndpointOutputs {
  /** Name of the URL group the endpoint belongs to; created if missing. */
  readonly urlGroup: pulumi.Output<string>;
  /** Endpoint URL (http:// or https://), kept exactly as written. */
  readonly url: pulumi.Output<string>;
  /** Endpoint name, unique within the group; any text, spaces included. */
  readonly name: pulumi.Output<string | undefined>;
}

export interface ScheduleFlowControlArgs {
  /** Messages sharing a key share the limits. */
  key: pulumi.Input<string>;
  /** Messages in flight at once. */
  parallelism?: pulumi.Input<number>;
  /** Messages started per period. */
  rate?: pulumi.Input<number>;
  /** Deprecated: the old name of rate. */
  ratePerSecond?: pulumi.Input<number>;
  /** Seconds, or a duration such as 1m or 1h (at most one week). Default 1s. */
  period?: pulumi.Input<number | string>;
}

export interface ScheduleRedactArgs {
  /** Keep the body out of the logs. */
  body?: pulumi.Input<boolean>;
  /** Keep every header (true) or the listed ones out of the logs. */
  header?: pulumi.Input<true | pulumi.Input<string>[]>;
}

/** Arguments of a {@link Schedule}. */
export interface ScheduleArgs {
  /** Where each message goes: a URL (http:// or https://, kept exactly as written) or a URL group's name (a UrlGroup resource in TypeScript). */
  destination: pulumi.Input<string> | UrlGroup;
  /** 5-field cron expression, UTC unless prefixed by `CRON_TZ=<IANA zone> `. */
  cron: pulumi.Input<string>;
  /** HTTP method of each delivery: GET, POST (default), PUT, PATCH or DELETE. */
  method?: pulumi.Input<"GET" | "POST" | "PUT" | "PATCH" | "DELETE">;
  /** Raw body of each message; stays secret in state when given as a secret. */
  body?: pulumi.Input<string>;
  /** Headers forwarded to the destination, Authorization included. Always stored as a secret. Content-Type (use contentType) and Upstash-* (use the properties) are refused here. */
  headers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Content type of the body (default application/json). */
  contentType?: pulumi.Input<string>;
  /** Delay of each triggered message: seconds, or a duration such as 30s, 5m, 1h, 1d10h. */
  delay?: pulumi.Input<number | string>;
  /** Retries after a failed delivery. Unset: not sent, QStash applies the plan's default (its maximum is the plan's too). */
  retries?: pulumi.Input<number>;
  /** Retry delay expression in milliseconds, e.g. `pow(2, retried) * 1000`. */
  retryDelay?: pulumi.Input<string>;
  /** URL called with the response of each delivery. */
  callback?: pulumi.Input<string>;
  /** URL called when retries are exhausted. */
  failureCallback?: pulumi.Input<string>;
  /** Headers sent to callback (e.g. its Authorization). Always stored as a secret. */
  callbackHeaders?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Headers sent to failureCallback. Always stored as a secret. */
  failureCallbackHeaders?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Method of the callback request (default POST). */
  callbackMethod?: pulumi.Input<"GET" | "POST" | "PUT" | "PATCH" | "DELETE">;
  /** Timeout of the callback request: seconds or a duration. */
  callbackTimeout?: pulumi.Input<number | string>;
  /** Retries of the callback request (default: the schedule's). */
  callbackRetries?: pulumi.Input<number>;
  /** Retry delay expression of the callback request, in milliseconds. */
  callbackRetryDelay?: pulumi.Input<string>;
  /** Method of the failure-callback request (default POST). */
  failureCallbackMethod?: pulumi.Input<"GET" | "POST" | "PUT" | "PATCH" | "DELETE">;
  /** Timeout of the failure-callback request: seconds or a duration. */
  failureCallbackTimeout?: pulumi.Input<number | string>;
  /** Retries of the failure-callback request (default: the schedule's). */
  failureCallbackRetries?: pulumi.Input<number>;
  /** Retry delay expression of the failure-callback request, in milliseconds. */
  failureCallbackRetryDelay?: pulumi.Input<string>;
  /** Delivery timeout: seconds, or a duration such as 30s or 2m. */
  timeout?: pulumi.Input<number | string>;
  /** Enqueue triggered messages into this queue. */
  queueName?: pulumi.Input<string>;
  /** Flow control of the triggered messages: { key, parallelism?, rate?, period? } (period at most one week; ratePerSecond is accepted as the old name of rate). */
  flowControl?: pulumi.Input<ScheduleFlowControlArgs>;
  /** Labels to filter logs by (no commas). */
  labels?: pulumi.Input<pulumi.Input<string>[]>;
  /** Keep the body (`body: true`) and/or headers (`header: true` or a list) out of QStash's logs, which show them as `REDACTED:<sha256>`; refresh keeps the values you declared, so this is not drift. */
  redact?: pulumi.Input<ScheduleRedactArgs>;
  /** Pause deliveries (default false). */
  paused?: pulumi.Input<boolean>;
  /** A schedule id of your choosing; changing it replaces the schedule. Without it a stable id is derived from the project, stack and resource name, so a retried or crashed create never makes a second schedule. */
  scheduleId?: pulumi.Input<string>;
  /** Take over a schedule with a user-chosen scheduleId that already exists in QStash instead of failing. `pulumi import` is the other way to bring one under Pulumi. */
  adopt?: pulumi.Input<boolean>;
  /** Where this resource's QStash lives when it differs from the provider's configuration ({ token?, url?, region? }). Always stored as a secret. A different url or region replaces the resource; a different token only updates it. */
  connection?: pulumi.Input<ConnectionArgs>;
}

export interface ScheduleFlowControlOutput {
  /** Messages sharing a key share the limits. */
  key: string;
  /** Messages in flight at once. */
  parallelism?: number;
  /** Messages started per period. */
  rate?: number;
  /** Seconds (default 1) */
  period?: number;
}

export interface ScheduleRedactOutput {
  /** Keep the body out of the logs. */
  body?: boolean;
  /** Keep every header (true) or the listed ones out of the logs. */
  header?: true | string[];
}

/** What a {@link Schedule} holds after create, update or refresh. */
export interface ScheduleOutputs {
  /** Where each message goes: a URL (http:// or https://, kept exactly as written) or a URL group's name (a UrlGroup resource in TypeScript). */
  readonly destination: pulumi.Output<string>;
  /** 5-field cron expression, UTC unless prefixed by `CRON_TZ=<IANA zone> `. */
  readonly cron: pulumi.Output<string>;
  /** HTTP method of each delivery: GET, POST (default), PUT, PATCH or DELETE. */
  readonly method: pulumi.Output<"GET" | "POST" | "PUT" | "PATCH" | "DELETE">;
  /** Raw body of each message; stays secret in state when given as a secret. */
  readonly body: pulumi.Output<string | undefined>;
  /** Headers forwarded to the destination, Authorization included. Always stored as a secret. Content-Type (use contentType) and Upstash-* (use the properties) are refused here. */
  readonly headers: pulumi.Output<Record<string, string> | undefined>;
  /** Content type of the body (default application/json). */
  readonly contentType: pulumi.Output<string>;
  /** Delay of each triggered message: seconds, or a duration such as 30s, 5m, 1h, 1d10h. */
  readonly delay: pulumi.Output<number | undefined>;
  /** Retries after a failed delivery. Unset: not sent, QStash applies the plan's default (its maximum is the plan's too). */
  readonly retries: pulumi.Output<number | undefined>;
  /** Retry delay expression in milliseconds, e.g. `pow(2, retried) * 1000`. */
  readonly retryDelay: pulumi.Output<string | undefined>;
  /** URL called with the response of each delivery. */
  readonly callback: pulumi.Output<string | undefined>;
  /** URL called when retries are exhausted. */
  readonly failureCallback: pulumi.Output<string | undefined>;
  /** Headers sent to callback (e.g. its Authorization). Always stored as a secret. */
  readonly callbackHeaders: pulumi.Output<Record<string, string> | undefined>;
  /** Headers sent to failureCallback. Always stored as a secret. */
  readonly failureCallbackHeaders: pulumi.Output<Record<string, string> | undefined>;
  /** Method of the callback request (default POST). */
  readonly callbackMethod: pulumi.Output<"GET" | "POST" | "PUT" | "PATCH" | "DELETE" | undefined>;
  /** Timeout of the callback request: seconds or a duration. */
  readonly callbackTimeout: pulumi.Output<number | undefined>;
  /** Retries of the callback request (default: the schedule's). */
  readonly callbackRetries: pulumi.Output<number | undefined>;
  /** Retry delay expression of the callback request, in milliseconds. */
  readonly callbackRetryDelay: pulumi.Output<string | undefined>;
  /** Method of the failure-callback request (default POST). */
  readonly failureCallbackMethod: pulumi.Output<"GET" | "POST" | "PUT" | "PATCH" | "DELETE" | undefined>;
  /** Timeout of the failure-callback request: seconds or a duration. */
  readonly failureCallbackTimeout: pulumi.Output<number | undefined>;
  /** Retries of the failure-callback request (default: the schedule's). */
  readonly failureCallbackRetries: pulumi.Output<number | undefined>;
  /** Retry delay expression of the failure-callback request, in milliseconds. */
  readonly failureCallbackRetryDelay: pulumi.Output<string | undefined>;
  /** Delivery timeout: seconds, or a duration such as 30s or 2m. */
  readonly timeout: pulumi.Output<number | undefined>;
  /** Enqueue triggered messages into this queue. */
  readonly queueName: pulumi.Output<string | undefined>;
  /** Flow control of the triggered messages: { key, parallelism?, rate?, period? } (period at most one week; ratePerSecond is accepted as the old name of rate). */
  readonly flowControl: pulumi.Output<ScheduleFlowControlOutput | undefined>;
  /** Labels to filter logs by (no commas). */
  readonly labels: pulumi.Output<string[] | undefined>;
  /** Keep the body (`body: true`) and/or headers (`header: true` or a list) out of QStash's logs, which show them as `REDACTED:<sha256>`; refresh keeps the values you declared, so this is not drift. */
  readonly redact: pulumi.Output<ScheduleRedactOutput | undefined>;
  /** Pause deliveries (default false). */
  readonly paused: pulumi.Output<boolean>;
  /** The schedule's effective id (user-chosen or derived). */
  readonly scheduleId: pulumi.Output<string>;
  /** Creation time, milliseconds since the epoch. */
  readonly createdAt: pulumi.Output<number>;
  /** Next delivery, milliseconds since the epoch, as of the last create, update or refresh. */
  readonly nextScheduleTime: pulumi.Output<number | undefined>;
  /** Last delivery, milliseconds since the epoch, as of the last create, update or refresh. */
  readonly lastScheduleTime: pulumi.Output<number | undefined>;
}

/** Arguments of a {@link Queue}. */
export interface QueueArgs {
  /** Queue name: letters, digits, `-`, `_`, `.`. Changing it replaces the queue. */
  name: pulumi.Input<string>;
  /** Messages delivered at once (default 1: FIFO). No local maximum: over the plan's, QStash refuses (412). */
  parallelism?: pulumi.Input<number>;
  /** Pause deliveries; messages are kept (default false). */
  paused?: pulumi.Input<boolean>;
  /** Take over a queue that already exists in QStash instead of failing. `pulumi import` is the other way to bring one under Pulumi. */
  adopt?: pulumi.Input<boolean>;
  /** Where this resource's QStash lives when it differs from the provider's configuration ({ token?, url?, region? }). Always stored as a secret. A different url or region replaces the resource; a different token only updates it. */
  connection?: pulumi.Input<ConnectionArgs>;
}

/** What a {@link Queue} holds after create, update or refresh. */
export interface QueueOutputs {
  /** Queue name: letters, digits, `-`, `_`, `.`. Changing it replaces the queue. */
  readonly name: pulumi.Output<string>;
  /** Messages delivered at once (default 1: FIFO). No local maximum: over the plan's, QStash refuses (412). */
  readonly parallelism: pulumi.Output<number>;
  /** Pause deliveries; messages are kept (default false). */
  readonly paused: pulumi.Output<boolean>;
  /** Messages waiting in the queue, as of the last create, update or refresh. */
  readonly lag: pulumi.Output<number | undefined>;
  /** Creation time, milliseconds since the epoch. */
  readonly createdAt: pulumi.Output<number | undefined>;
}

/** Each kind's declared properties as plain data: what its resource class registers (inputs, the always-secret ones, the output-only ones) and what QStash does not report back (refresh and import keep it as applied). A program and import-file read this without loading zod. */
export const DECLARED = {
  UrlGroup: {
    inputs: ["name", "endpoints", "adopt", "connection"],
    secrets: ["connection"],
    outputs: ["createdAt"],
    unreported: [],
  },
  Endpoint: {
    inputs: ["urlGroup", "url", "name", "adopt", "connection"],
    secrets: ["connection"],
    outputs: [],
    unreported: [],
  },
  Schedule: {
    inputs: [
      "destination",
      "cron",
      "method",
      "body",
      "headers",
      "contentType",
      "delay",
      "retries",
      "retryDelay",
      "callback",
      "failureCallback",
      "callbackHeaders",
      "failureCallbackHeaders",
      "callbackMethod",
      "callbackTimeout",
      "callbackRetries",
      "callbackRetryDelay",
      "failureCallbackMethod",
      "failureCallbackTimeout",
      "failureCallbackRetries",
      "failureCallbackRetryDelay",
      "timeout",
      "queueName",
      "flowControl",
      "labels",
      "redact",
      "paused",
      "scheduleId",
      "derivedScheduleId",
      "adopt",
      "connection",
    ],
    secrets: ["headers", "callbackHeaders", "failureCallbackHeaders", "connection"],
    outputs: ["scheduleId", "createdAt", "nextScheduleTime", "lastScheduleTime"],
    unreported: [
      "callbackMethod",
      "callbackTimeout",
      "callbackRetries",
      "callbackRetryDelay",
      "failureCallbackMethod",
      "failureCallbackTimeout",
      "failureCallbackRetries",
      "failureCallbackRetryDelay",
      "redact",
    ],
  },
  Queue: {
    inputs: ["name", "parallelism", "paused", "adopt", "connection"],
    secrets: ["connection"],
    outputs: ["lag", "createdAt"],
    unreported: [],
  },
} as const;
