import type { ResourceKind } from "../resource-base.js";

/**
 * What the zod schemas do not say about a property: its description (when
 * the schema carries none of its own, `.meta({ description })` wins), and
 * whether it is always stored as a secret. Keyed by the schemas' property
 * names; test/unit/plugin-schema.test.ts fails when a property exists here
 * and not in the schema, or the other way round.
 */
export interface PropertyDoc {
  description: string;
  /** Always stored encrypted in state, whatever the program passes. */
  secret?: true;
}

/** Output-only properties: what a resource reports beyond its inputs. */
export interface OutputDoc extends PropertyDoc {
  type: "string" | "integer" | "number" | "boolean";
  /** Present on every resource of the kind. */
  required?: true;
}

const connection: PropertyDoc = {
  description:
    "Where this resource's QStash lives when it differs from the provider's configuration " +
    "({ token?, url?, region? }). Always stored as a secret. A different url or region replaces the resource; " +
    "a different token only updates it.",
  secret: true,
};

const adopt = (what: string): PropertyDoc => ({
  description: `Take over ${what} that already exists in QStash instead of failing. \`pulumi import\` is the other way to bring one under Pulumi.`,
});

/** Nested properties of the connection override (`connection.<key>`) and of the provider's configuration. */
export const CONNECTION_DOCS: Record<"token" | "url" | "region", PropertyDoc> = {
  token: {
    description: "QStash API token. Falls back to the QSTASH_TOKEN environment variable.",
    secret: true,
  },
  url: {
    description:
      "Base URL of the QStash API, e.g. a local devserver's http://127.0.0.1:8080. Falls back to QSTASH_URL.",
  },
  region: {
    description: "eu-central-1 (default) or us-east-1, used when no url is set. Falls back to QSTASH_REGION.",
  },
};

export const INPUT_DOCS: Record<ResourceKind, Record<string, PropertyDoc>> = {
  UrlGroup: {
    name: { description: "Group name: letters, digits, `-`, `_`, `.`. Changing it replaces the group." },
    endpoints: {
      description:
        "The group's endpoints ({ url, name? }), at least one. Applied in place with the fewest add and remove calls; order does not matter.",
    },
    adopt: adopt("a URL group"),
    connection,
  },
  Endpoint: {
    urlGroup: { description: "Name of the URL group the endpoint belongs to; created if missing." },
    url: { description: "Endpoint URL (http:// or https://)." },
    name: { description: "Endpoint name, unique within the group." },
    adopt: {
      description:
        "Accepted for symmetry with the other resources; adding an endpoint is already idempotent.",
    },
    connection,
  },
  Schedule: {
    destination: {
      description: "Where each message goes: a URL (http:// or https://) or a URL group's name.",
    },
    cron: { description: "5-field cron expression, UTC unless prefixed by `CRON_TZ=<IANA zone> `." },
    method: { description: "HTTP method of each delivery: GET, POST (default), PUT, PATCH or DELETE." },
    body: { description: "Raw body of each message; stays secret in state when given as a secret." },
    headers: {
      description:
        "Headers forwarded to the destination, Authorization included. Always stored as a secret. Content-Type (use contentType) and Upstash-* (use the properties) are refused here.",
      secret: true,
    },
    contentType: { description: "Content type of the body (default application/json)." },
    delay: {
      description: "Delay of each triggered message: seconds, or a duration such as 30s, 5m, 1h, 1d10h.",
    },
    retries: {
      description: "Retries after a failed delivery. Unset: not sent, QStash applies the plan's default.",
    },
    retryDelay: { description: "Retry delay expression in milliseconds, e.g. `pow(2, retried) * 1000`." },
    callback: { description: "URL called with the response of each delivery." },
    failureCallback: { description: "URL called when retries are exhausted." },
    callbackHeaders: {
      description: "Headers sent to callback (e.g. its Authorization). Always stored as a secret.",
      secret: true,
    },
    failureCallbackHeaders: {
      description: "Headers sent to failureCallback. Always stored as a secret.",
      secret: true,
    },
    callbackMethod: { description: "Method of the callback request (default POST)." },
    callbackTimeout: { description: "Timeout of the callback request: seconds or a duration." },
    callbackRetries: { description: "Retries of the callback request (default: the schedule's)." },
    callbackRetryDelay: { description: "Retry delay expression of the callback request, in milliseconds." },
    failureCallbackMethod: { description: "Method of the failure-callback request (default POST)." },
    failureCallbackTimeout: {
      description: "Timeout of the failure-callback request: seconds or a duration.",
    },
    failureCallbackRetries: { description: "Retries of the failure-callback request." },
    failureCallbackRetryDelay: {
      description: "Retry delay expression of the failure-callback request, in milliseconds.",
    },
    timeout: { description: "Delivery timeout: seconds, or a duration such as 30s or 2m." },
    queueName: { description: "Enqueue triggered messages into this queue." },
    flowControl: {
      description:
        "Flow control of the triggered messages: { key, parallelism?, rate?, period? } (period at most one week).",
    },
    labels: { description: "Labels to filter logs by." },
    redact: {
      description:
        "Keep the body (`body: true`) and/or headers (`header: true` or a list) out of QStash's logs.",
    },
    paused: { description: "Pause deliveries (default false)." },
    scheduleId: {
      description:
        "A schedule id of your choosing; changing it replaces the schedule. Without it a stable id is derived from the project, stack and resource name.",
    },
    adopt: adopt("a schedule with a user-chosen scheduleId"),
    connection,
  },
  Queue: {
    name: { description: "Queue name: letters, digits, `-`, `_`, `.`. Changing it replaces the queue." },
    parallelism: { description: "Messages delivered at once (default 1: FIFO)." },
    paused: { description: "Pause deliveries (default false)." },
    adopt: adopt("a queue"),
    connection,
  },
};

/** Inputs that only the provider sets (never written in a program). */
export const HIDDEN_INPUTS: Partial<Record<ResourceKind, readonly string[]>> = {
  Schedule: ["derivedScheduleId"],
};

export const OUTPUT_DOCS: Record<ResourceKind, Record<string, OutputDoc>> = {
  UrlGroup: {
    createdAt: { type: "number", description: "Creation time, milliseconds since the epoch." },
  },
  Endpoint: {},
  Schedule: {
    scheduleId: {
      type: "string",
      description: "The schedule's effective id (user-chosen or derived).",
      required: true,
    },
    createdAt: { type: "number", description: "Creation time, milliseconds since the epoch." },
    nextScheduleTime: {
      type: "number",
      description: "Next delivery, milliseconds since the epoch, as of the last create, update or refresh.",
    },
    lastScheduleTime: {
      type: "number",
      description: "Last delivery, milliseconds since the epoch, as of the last create, update or refresh.",
    },
  },
  Queue: {
    lag: {
      type: "number",
      description: "Messages waiting in the queue, as of the last create, update or refresh.",
    },
    createdAt: { type: "number", description: "Creation time, milliseconds since the epoch." },
  },
};

/** Every property that is always stored as a secret, per kind. */
export function secretInputs(kind: ResourceKind): string[] {
  return Object.entries(INPUT_DOCS[kind])
    .filter(([, d]) => d.secret)
    .map(([k]) => k);
}

export const RESOURCE_DOCS: Record<ResourceKind, string> = {
  UrlGroup:
    'A QStash URL group (formerly "topic"): one publish fans out to every endpoint. Id: the group name.',
  Endpoint:
    "One endpoint of a URL group that may be owned elsewhere; deleting it removes only that endpoint. Id: `<group>/<name or url>`.",
  Schedule:
    "A QStash schedule: publishes a message to a URL or URL group on a cron. Every property updates in place through the same schedule id; only a new scheduleId replaces. Id: the schedule id.",
  Queue: "A QStash queue. Id: the queue name.",
};
