import * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "../args.js";
import { QStashResource } from "../resource-base.js";
import { UrlGroup } from "../url-group/resource.js";
import { scheduleIdFrom } from "./schedule-id.js";

export { scheduleIdFrom };

/** Flow control for the messages a schedule triggers. */
export interface FlowControlArgs {
  /** Messages sharing a key share the limits. */
  key: pulumi.Input<string>;
  /** Messages in flight at once. */
  parallelism?: pulumi.Input<number>;
  /** Messages started per `period`. */
  rate?: pulumi.Input<number>;
  /** @deprecated The official SDK's old name of `rate`, still accepted. */
  ratePerSecond?: pulumi.Input<number>;
  /** Seconds, or a duration such as `1m` or `1h` (at most one week). Default 1s. */
  period?: pulumi.Input<number | string>;
}

/** Arguments of a {@link Schedule}. Every property updates in place except `scheduleId`. */
export interface ScheduleArgs extends CommonArgs {
  /** A URL (http:// or https://), a URL group's name, or a {@link UrlGroup}. */
  destination: pulumi.Input<string> | UrlGroup;
  /** 5-field cron, UTC unless prefixed by `CRON_TZ=<IANA zone> `, e.g. `CRON_TZ=Europe/Berlin 0 9 * * 1-5`. */
  cron: pulumi.Input<string>;
  /** HTTP method of each delivery (default POST). */
  method?: pulumi.Input<"GET" | "POST" | "PUT" | "PATCH" | "DELETE">;
  /** Raw body of each delivery. Stays secret in state when given as a secret. */
  body?: pulumi.Input<string>;
  /**
   * Headers forwarded to the destination, `Authorization` included. Always
   * stored as a secret. `Content-Type` and `Upstash-*` are QStash settings:
   * use `contentType` and the other properties for those.
   */
  headers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Content type of the body (default application/json). */
  contentType?: pulumi.Input<string>;
  /** Delay of each triggered message: seconds or `30s`, `5m`, `1h`, `1d`. */
  delay?: pulumi.Input<number | string>;
  /** Retries after a failed delivery. Unset: QStash's default for the plan (its maximum is the plan's too). */
  retries?: pulumi.Input<number>;
  /** Retry delay expression in milliseconds, e.g. `pow(2, retried) * 1000`. */
  retryDelay?: pulumi.Input<string>;
  /** URL called with the response of each delivery. */
  callback?: pulumi.Input<string>;
  /** URL called when retries are exhausted. */
  failureCallback?: pulumi.Input<string>;
  /** Headers sent to `callback` (e.g. its `Authorization`). Always stored as a secret. */
  callbackHeaders?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Headers sent to `failureCallback`. Always stored as a secret. */
  failureCallbackHeaders?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Method of the callback request (default POST). */
  callbackMethod?: pulumi.Input<"GET" | "POST" | "PUT" | "PATCH" | "DELETE">;
  /** Timeout of the callback request: seconds or `30s`, `2m`. */
  callbackTimeout?: pulumi.Input<number | string>;
  /** Retries of the callback request (default: the schedule's). */
  callbackRetries?: pulumi.Input<number>;
  /** Retry delay expression of the callback request, in milliseconds. */
  callbackRetryDelay?: pulumi.Input<string>;
  /** Method of the failure-callback request (default POST). */
  failureCallbackMethod?: pulumi.Input<"GET" | "POST" | "PUT" | "PATCH" | "DELETE">;
  /** Timeout of the failure-callback request: seconds or `30s`, `2m`. */
  failureCallbackTimeout?: pulumi.Input<number | string>;
  /** Retries of the failure-callback request (default: the schedule's). */
  failureCallbackRetries?: pulumi.Input<number>;
  /** Retry delay expression of the failure-callback request, in milliseconds. */
  failureCallbackRetryDelay?: pulumi.Input<string>;
  /** Delivery timeout: seconds or `30s`, `2m`. */
  timeout?: pulumi.Input<number | string>;
  /** Enqueue triggered messages into this queue. */
  queueName?: pulumi.Input<string>;
  flowControl?: pulumi.Input<FlowControlArgs>;
  /** Labels to filter logs by. */
  labels?: pulumi.Input<pulumi.Input<string>[]>;
  /** Keep the body and/or headers out of QStash's logs. */
  redact?: pulumi.Input<{
    body?: pulumi.Input<boolean>;
    header?: pulumi.Input<true | pulumi.Input<string>[]>;
  }>;
  /** Pause deliveries (default false). */
  paused?: pulumi.Input<boolean>;
  /**
   * A schedule id of your choosing. Changing it replaces the schedule. When
   * omitted, a stable id is derived from the project, stack and resource
   * name, so a retried or crashed create never makes a second schedule.
   */
  scheduleId?: pulumi.Input<string>;
}

/** The id used when `scheduleId` is not given: stable per project, stack, type and name. */
export function deriveScheduleId(resourceName: string, parent?: pulumi.Resource): string {
  const parentName = parent ? ((parent as unknown as { __name?: string }).__name ?? "") : "";
  return scheduleIdFrom(pulumi.getProject(), pulumi.getStack(), parentName, resourceName);
}

/**
 * A QStash schedule: publishes a message to a URL or URL group on a cron.
 *
 * @example
 * ```ts
 * new Schedule("nightly-report", {
 *   destination: "https://api.acme.dev/report",
 *   cron: "CRON_TZ=Europe/Berlin 0 2 * * *",
 *   headers: { Authorization: pulumi.interpolate`Bearer ${apiToken}` },   // stored as a secret
 *   retries: 5,
 * });
 * ```
 */
export class Schedule extends QStashResource {
  declare readonly scheduleId: pulumi.Output<string>;
  declare readonly destination: pulumi.Output<string>;
  declare readonly cron: pulumi.Output<string>;
  declare readonly method: pulumi.Output<string>;
  declare readonly paused: pulumi.Output<boolean>;
  declare readonly headers: pulumi.Output<Record<string, string> | undefined>;
  declare readonly body: pulumi.Output<string | undefined>;
  /** Milliseconds since the epoch. */
  declare readonly createdAt: pulumi.Output<number>;
  /** Milliseconds since the epoch, as of the last create, update or refresh. */
  declare readonly nextScheduleTime: pulumi.Output<number | undefined>;

  constructor(name: string, args: ScheduleArgs, opts?: pulumi.CustomResourceOptions) {
    const destination = args.destination instanceof UrlGroup ? args.destination.name : args.destination;
    super(
      "Schedule",
      name,
      args,
      {
        destination,
        cron: args.cron,
        method: args.method,
        body: args.body,
        headers: args.headers === undefined ? undefined : pulumi.secret(args.headers),
        contentType: args.contentType,
        delay: args.delay,
        retries: args.retries,
        retryDelay: args.retryDelay,
        callback: args.callback,
        failureCallback: args.failureCallback,
        callbackHeaders: args.callbackHeaders === undefined ? undefined : pulumi.secret(args.callbackHeaders),
        failureCallbackHeaders:
          args.failureCallbackHeaders === undefined ? undefined : pulumi.secret(args.failureCallbackHeaders),
        timeout: args.timeout,
        queueName: args.queueName,
        flowControl: args.flowControl,
        labels: args.labels,
        redact: args.redact,
        paused: args.paused,
        scheduleId: args.scheduleId,
        derivedScheduleId: deriveScheduleId(name, opts?.parent),
      },
      ["createdAt", "nextScheduleTime"],
      {
        ...opts,
        additionalSecretOutputs: [
          ...(opts?.additionalSecretOutputs ?? []),
          "headers",
          "callbackHeaders",
          "failureCallbackHeaders",
        ],
      },
    );
  }
}
