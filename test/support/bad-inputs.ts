/**
 * Invalid resource inputs, each with the property its error must name. Used by
 * the provider's unit tests (check) and by the e2e preview corpus.
 */
export interface BadInput {
  kind: "UrlGroup" | "Endpoint" | "Schedule" | "Queue";
  why: string;
  args: Record<string, unknown>;
  /** The property path the failure must name. */
  property: string;
}

const url = "http://127.0.0.1:9/hook";
const sched = (over: Record<string, unknown>) => ({ destination: url, cron: "* * * * *", ...over });

export const BAD_INPUTS: BadInput[] = [
  // Queue
  { kind: "Queue", why: "empty name", args: { name: "" }, property: "name" },
  { kind: "Queue", why: "name with a space", args: { name: "my queue" }, property: "name" },
  { kind: "Queue", why: "name with a slash", args: { name: "a/b" }, property: "name" },
  { kind: "Queue", why: "name not a string", args: { name: 42 }, property: "name" },
  { kind: "Queue", why: "missing name", args: {}, property: "name" },
  { kind: "Queue", why: "parallelism zero", args: { name: "q", parallelism: 0 }, property: "parallelism" },
  {
    kind: "Queue",
    why: "parallelism fractional",
    args: { name: "q", parallelism: 1.5 },
    property: "parallelism",
  },
  {
    kind: "Queue",
    why: "parallelism a string",
    args: { name: "q", parallelism: "3" },
    property: "parallelism",
  },
  { kind: "Queue", why: "paused a string", args: { name: "q", paused: "yes" }, property: "paused" },
  { kind: "Queue", why: "misspelt property", args: { name: "q", paralelism: 2 }, property: "paralelism" },
  {
    kind: "Queue",
    why: "connection url without scheme",
    args: { name: "q", connection: { url: "127.0.0.1:8080" } },
    property: "connection.url",
  },
  {
    kind: "Queue",
    why: "connection unknown region",
    args: { name: "q", connection: { region: "mars-1" } },
    property: "connection.region",
  },
  // UrlGroup
  { kind: "UrlGroup", why: "empty name", args: { name: "", endpoints: [{ url }] }, property: "name" },
  {
    kind: "UrlGroup",
    why: "name with unicode",
    args: { name: "grüppe", endpoints: [{ url }] },
    property: "name",
  },
  { kind: "UrlGroup", why: "no endpoints", args: { name: "g", endpoints: [] }, property: "endpoints" },
  { kind: "UrlGroup", why: "endpoints missing", args: { name: "g" }, property: "endpoints" },
  {
    kind: "UrlGroup",
    why: "endpoint url without scheme",
    args: { name: "g", endpoints: [{ url: "127.0.0.1/x" }] },
    property: "endpoints[0].url",
  },
  {
    kind: "UrlGroup",
    why: "endpoint ftp url",
    args: { name: "g", endpoints: [{ url: "ftp://127.0.0.1/x" }] },
    property: "endpoints[0].url",
  },
  {
    kind: "UrlGroup",
    why: "endpoint name empty",
    args: { name: "g", endpoints: [{ url, name: "" }] },
    property: "endpoints[0].name",
  },
  {
    kind: "UrlGroup",
    why: "duplicate endpoint url",
    args: { name: "g", endpoints: [{ url }, { url }] },
    property: "endpoints[1]",
  },
  {
    kind: "UrlGroup",
    why: "duplicate endpoint name",
    args: {
      name: "g",
      endpoints: [
        { url, name: "a" },
        { url: `${url}2`, name: "a" },
      ],
    },
    property: "endpoints[1]",
  },
  {
    kind: "UrlGroup",
    why: "endpoint not an object",
    args: { name: "g", endpoints: ["http://127.0.0.1/x"] },
    property: "endpoints[0]",
  },
  {
    kind: "UrlGroup",
    why: "endpoint extra key",
    args: { name: "g", endpoints: [{ url, weight: 1 }] },
    property: "endpoints[0].weight",
  },
  // Endpoint
  { kind: "Endpoint", why: "missing urlGroup", args: { url }, property: "urlGroup" },
  { kind: "Endpoint", why: "bad urlGroup", args: { urlGroup: "a b", url }, property: "urlGroup" },
  {
    kind: "Endpoint",
    why: "url without scheme",
    args: { urlGroup: "g", url: "localhost/x" },
    property: "url",
  },
  { kind: "Endpoint", why: "bad endpoint name", args: { urlGroup: "g", url, name: "" }, property: "name" },
  // Schedule
  { kind: "Schedule", why: "missing cron", args: { destination: url }, property: "cron" },
  { kind: "Schedule", why: "cron with 4 fields", args: sched({ cron: "* * * *" }), property: "cron" },
  { kind: "Schedule", why: "cron with 6 fields", args: sched({ cron: "0 * * * * *" }), property: "cron" },
  {
    kind: "Schedule",
    why: "cron minute out of range",
    args: sched({ cron: "61 * * * *" }),
    property: "cron",
  },
  { kind: "Schedule", why: "cron empty", args: sched({ cron: "" }), property: "cron" },
  {
    kind: "Schedule",
    why: "cron bad time zone",
    args: sched({ cron: "CRON_TZ=Mars/Olympus 0 * * * *" }),
    property: "cron",
  },
  { kind: "Schedule", why: "cron words", args: sched({ cron: "every day" }), property: "cron" },
  { kind: "Schedule", why: "missing destination", args: { cron: "* * * * *" }, property: "destination" },
  {
    kind: "Schedule",
    why: "destination ftp",
    args: sched({ destination: "ftp://127.0.0.1/x" }),
    property: "destination",
  },
  {
    kind: "Schedule",
    why: "destination neither url nor name",
    args: sched({ destination: "not a group" }),
    property: "destination",
  },
  { kind: "Schedule", why: "method unknown", args: sched({ method: "FETCH" }), property: "method" },
  { kind: "Schedule", why: "retries negative", args: sched({ retries: -1 }), property: "retries" },
  { kind: "Schedule", why: "retries fractional", args: sched({ retries: 1.5 }), property: "retries" },
  { kind: "Schedule", why: "retries a string", args: sched({ retries: "3" }), property: "retries" },
  { kind: "Schedule", why: "delay bad unit", args: sched({ delay: "10 minutes" }), property: "delay" },
  { kind: "Schedule", why: "delay negative", args: sched({ delay: -5 }), property: "delay" },
  { kind: "Schedule", why: "timeout bad format", args: sched({ timeout: "1.5s" }), property: "timeout" },
  {
    kind: "Schedule",
    why: "callback without scheme",
    args: sched({ callback: "127.0.0.1/cb" }),
    property: "callback",
  },
  {
    kind: "Schedule",
    why: "failureCallback not a URL",
    args: sched({ failureCallback: "nope" }),
    property: "failureCallback",
  },
  { kind: "Schedule", why: "queueName invalid", args: sched({ queueName: "q q" }), property: "queueName" },
  {
    kind: "Schedule",
    why: "header name with space",
    args: sched({ headers: { "Bad Header": "x" } }),
    property: "headers.Bad Header",
  },
  {
    kind: "Schedule",
    why: "header value not a string",
    args: sched({ headers: { "X-Count": 3 } }),
    property: "headers.X-Count",
  },
  {
    kind: "Schedule",
    why: "reserved Upstash header",
    args: sched({ headers: { "Upstash-Retries": "3" } }),
    property: "headers.Upstash-Retries",
  },
  {
    kind: "Schedule",
    why: "header value with a line break",
    args: sched({ headers: { "X-Foo": "a\nb" } }),
    property: "headers.X-Foo",
  },
  {
    kind: "Schedule",
    why: "callback header value with a line break",
    args: sched({ callback: "http://127.0.0.1:9/cb", callbackHeaders: { "X-Cb": "a\r\nb" } }),
    property: "callbackHeaders.X-Cb",
  },
  {
    kind: "Schedule",
    why: "failure callback header value with a line break",
    args: sched({ failureCallback: "http://127.0.0.1:9/f", failureCallbackHeaders: { "X-F": "a\rb" } }),
    property: "failureCallbackHeaders.X-F",
  },
  {
    kind: "Schedule",
    why: "Content-Type belongs to contentType, not headers",
    args: sched({ headers: { "content-type": "text/plain" } }),
    property: "headers.content-type",
  },
  {
    kind: "Schedule",
    why: "the same header twice in different case",
    args: sched({ headers: { "X-Key": "a", "x-key": "b" } }),
    property: "headers.x-key",
  },
  {
    kind: "Schedule",
    why: "callback header that configures QStash",
    args: sched({ callbackHeaders: { "Upstash-Retries": "1" } }),
    property: "callbackHeaders.Upstash-Retries",
  },
  {
    kind: "Schedule",
    why: "callbackMethod HEAD",
    args: sched({ callbackMethod: "HEAD" }),
    property: "callbackMethod",
  },
  {
    kind: "Schedule",
    why: "failureCallbackRetries negative",
    args: sched({ failureCallbackRetries: -1 }),
    property: "failureCallbackRetries",
  },
  {
    kind: "Schedule",
    why: "destination with a #fragment (never sent)",
    args: sched({ destination: `${url}#part` }),
    property: "destination",
  },
  {
    kind: "Schedule",
    why: "callback with a space",
    args: sched({ callback: "http://127.0.0.1:9/a b" }),
    property: "callback",
  },
  {
    kind: "Schedule",
    why: "content type with a line break",
    args: sched({ contentType: "text/plain\r\nX-Injected: 1" }),
    property: "contentType",
  },
  { kind: "Schedule", why: "body an object", args: sched({ body: { a: 1 } }), property: "body" },
  {
    kind: "Schedule",
    why: "flowControl without limits",
    args: sched({ flowControl: { key: "k" } }),
    property: "flowControl",
  },
  {
    kind: "Schedule",
    why: "flowControl empty key",
    args: sched({ flowControl: { key: "", rate: 1 } }),
    property: "flowControl.key",
  },
  {
    kind: "Schedule",
    why: "flowControl period over a week",
    args: sched({ flowControl: { key: "k", rate: 1, period: "8d" } }),
    property: "flowControl.period",
  },
  {
    kind: "Schedule",
    why: "flowControl rate zero",
    args: sched({ flowControl: { key: "k", rate: 0 } }),
    property: "flowControl.rate",
  },
  {
    kind: "Schedule",
    why: "label with a comma (labels travel comma-separated)",
    args: sched({ labels: ["ok", "a,b"] }),
    property: "labels[1]",
  },
  { kind: "Schedule", why: "labels not a list", args: sched({ labels: "a,b" }), property: "labels" },
  {
    kind: "Schedule",
    why: "scheduleId invalid",
    args: sched({ scheduleId: "my schedule" }),
    property: "scheduleId",
  },
  { kind: "Schedule", why: "paused a string", args: sched({ paused: "true" }), property: "paused" },
  {
    kind: "Schedule",
    why: "redact header empty name",
    args: sched({ redact: { header: [""] } }),
    property: "redact.header[0]",
  },
  {
    kind: "Schedule",
    why: "retryDelay with code",
    args: sched({ retryDelay: "process.exit(1); 5" }),
    property: "retryDelay",
  },
];

/**
 * Inputs QStash accepts that this package used to refuse, each with the
 * ledger entry (docs/qstash-behaviour.md) that says why they are valid.
 */
export const VALID_INPUTS: Omit<BadInput, "property">[] = [
  {
    kind: "UrlGroup",
    why: "N2: endpoint name with a space",
    args: { name: "g", endpoints: [{ url, name: "First endpoint" }] },
  },
  { kind: "Endpoint", why: "N2: endpoint name with a space", args: { urlGroup: "g", url, name: "a b" } },
  {
    kind: "Schedule",
    why: "H1: Authorization is forwarded",
    args: sched({ headers: { authorization: "x" } }),
  },
  { kind: "Schedule", why: "N3: a label with a space", args: sched({ labels: ["ok", "not ok"] }) },
  {
    kind: "Schedule",
    why: "F1: a flow-control key with a space, and ratePerSecond",
    args: sched({ flowControl: { key: "a b", ratePerSecond: 1 } }),
  },
  {
    kind: "Schedule",
    why: "U1: a bare-origin destination",
    args: sched({ destination: "https://api.acme.test" }),
  },
  { kind: "Schedule", why: "P1: retries above the old local cap of 100", args: sched({ retries: 1000 }) },
  {
    kind: "Queue",
    why: "P1: parallelism above the old local cap of 1000",
    args: { name: "q", parallelism: 5000 },
  },
  { kind: "Queue", why: "N1: a long name (no documented limit)", args: { name: "q".repeat(300) } },
  {
    kind: "Queue",
    why: "R1: a region in the official SDK's spelling",
    args: { name: "q", connection: { region: "US_EAST_1" } },
  },
  {
    kind: "Schedule",
    why: "H2: callback headers and settings",
    args: sched({
      callback: url,
      callbackHeaders: { Authorization: "Bearer x" },
      callbackMethod: "put",
      callbackRetries: 2,
      callbackTimeout: "30s",
      callbackRetryDelay: "1000",
      failureCallback: url,
      failureCallbackHeaders: { "X-Key": "k" },
      failureCallbackMethod: "POST",
      failureCallbackRetries: 0,
      failureCallbackTimeout: 10,
      failureCallbackRetryDelay: "pow(2, retried) * 1000",
    }),
  },
];
