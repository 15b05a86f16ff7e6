/**
 * The rules QStash itself applies, in one place: the client, the provider and
 * the devserver all read them from here, so the three cannot drift apart
 * again. Every rule names its entry in `docs/qstash-behaviour.md` (the
 * behaviour ledger), where the evidence for it is recorded. A rule that has
 * no evidence does not belong here: such input is sent as is and QStash's own
 * 4xx is turned into an error that names the property.
 *
 * Runtime-agnostic: no `node:` imports (the client runs on edge runtimes).
 *
 * @example
 * ```ts
 * import { isPropertyHeader, normaliseRegion } from "./qstash-rules.js";
 * isPropertyHeader("Authorization"); // false: it is forwarded
 * normaliseRegion("us-east-1"); // "US_EAST_1"
 * ```
 * @module
 */

// ------------------------------------------------------------ names (ledger: N1, N2)

/**
 * N1. URL-group names, queue names and schedule ids: letters, digits, `-`,
 * `_` and `.`. No length limit is documented, so none is enforced.
 */
export const NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** N1: whether `value` is a valid URL-group name, queue name or schedule id. */
export function isResourceName(value: string): boolean {
  return NAME_PATTERN.test(value);
}

/**
 * N2. Endpoint names: any non-empty string (QStash's own live tests name
 * endpoints `First endpoint`). They travel in a JSON body, never in a path.
 */
export function isEndpointName(value: string): boolean {
  return value.length > 0;
}

/**
 * N3. Labels: several are sent comma-separated in one `Upstash-Label`
 * header, so a label cannot contain a comma; no other charset is documented.
 */
export function isLabel(value: string): boolean {
  return value.trim().length > 0 && !/[,\r\n]/.test(value);
}

// ------------------------------------------------------------ headers (ledger: H1, H2)

/**
 * H1. Header names that configure QStash rather than travel to the
 * destination: `Content-Type` (and anything starting with it, as the
 * official SDK tests `startsWith`) and every `Upstash-*` name. Every other
 * header, `Authorization` included, is sent as `Upstash-Forward-<name>` and
 * delivered with the prefix stripped.
 */
export function isPropertyHeader(name: string): boolean {
  const k = name.toLowerCase();
  return k.startsWith("content-type") || k.startsWith("upstash-");
}

/** H1: the prefix that makes QStash forward a header to the destination. */
export const FORWARD_PREFIX = "Upstash-Forward-";

/**
 * H2. Headers for the callback and the failure callback: the name is sent
 * with this prefix and delivered to that callback with it stripped.
 */
export const CALLBACK_FORWARD_PREFIX = "Upstash-Callback-Forward-";
/** H2: see {@link CALLBACK_FORWARD_PREFIX}. */
export const FAILURE_CALLBACK_FORWARD_PREFIX = "Upstash-Failure-Callback-Forward-";

/** An HTTP header name (RFC 9110 token): what any header on the wire must be. */
export const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * H3. QStash reports header names in Go's canonical form
 * (`x-api-key` → `X-Api-Key`); the provider stores them that way so a
 * refresh finds what it wrote.
 */
export function canonicalHeaderName(name: string): string {
  return name
    .toLowerCase()
    .split("-")
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1) : p))
    .join("-");
}

// ------------------------------------------------------------ URLs (ledger: U1)

/**
 * U1. A destination, endpoint or callback URL: it must start with `http://`
 * or `https://` (QStash answers "endpoint has invalid scheme, add http:// or
 * https://" otherwise) and parse as a URL with a host. It is accepted,
 * sent, stored and compared exactly as written: never rewritten (no added
 * `/`, no lower-cased host, no dropped port or fragment), because QStash
 * stores and signs what it was sent.
 */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------ methods (ledger: M1)

/** M1. The methods QStash calls a destination with. */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** M1: whether `value` (upper case) is a method QStash accepts. */
export function isHttpMethod(value: string): value is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(value);
}

// ------------------------------------------------------------ regions and credentials (ledger: R1, R2)

/** R1. The regions, in the official SDK's spelling. */
export const REGIONS = ["EU_CENTRAL_1", "US_EAST_1"] as const;
export type RegionId = (typeof REGIONS)[number];

/** R1. The default API host (the EU region). */
export const DEFAULT_BASE_URL = "https://qstash.upstash.io";

/** R1. Each region's own host (each has its own token, keys and objects). */
export const REGION_HOSTS: Record<RegionId, string> = {
  EU_CENTRAL_1: "https://qstash-eu-central-1.upstash.io",
  US_EAST_1: "https://qstash-us-east-1.upstash.io",
};

/**
 * R1. A region as the official SDK normalises `QSTASH_REGION` and the
 * `Upstash-Region` delivery header: `-` becomes `_`, upper case; anything
 * but a known region is `undefined`. Both `us-east-1` and `US_EAST_1` work.
 */
export function normaliseRegion(value: string | undefined): RegionId | undefined {
  if (!value) return undefined;
  const r = value.replaceAll("-", "_").toUpperCase();
  return (REGIONS as readonly string[]).includes(r) ? (r as RegionId) : undefined;
}

/** R3. The official dev server's fixed token (public, not a secret). */
export const DEV_MODE_TOKEN = "eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=";
/**
 * R3. The dev server's fixed signing keys (public, not secrets): in dev mode
 * the receiver verifies with these, ignoring any configured keys.
 */
export const DEV_MODE_SIGNING_KEYS = {
  current: "sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r",
  next: "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs",
} as const;
/** R3. The port dev mode talks to unless `QSTASH_DEV_PORT` says otherwise. */
export const DEV_MODE_PORT = 8080;

/**
 * R3. Whether dev mode is on: an explicit `devMode` wins; otherwise
 * `QSTASH_DEV` is `true`/`1` (on) or unset/empty/`false`/`0` (off). Any other
 * value is refused (`undefined` is returned for it, and the caller names it).
 */
export function devModeOf(
  devMode: boolean | undefined,
  env: Record<string, string | undefined>,
): boolean | undefined {
  if (devMode !== undefined) return devMode;
  const v = env.QSTASH_DEV;
  if (v === undefined || v === "" || v === "false" || v === "0") return false;
  if (v === "true" || v === "1") return true;
  return undefined;
}

/** What the caller configured explicitly; each piece may be missing. */
export interface CredentialConfig {
  baseUrl?: string | undefined;
  token?: string | undefined;
  /** An explicit region (either spelling): its host when no base URL is given. */
  region?: string | undefined;
  /** Dev mode (`QSTASH_DEV` when not given): the local dev server, ignoring the rest. */
  devMode?: boolean | undefined;
}

/** The base URL and token to use, and the region whose variables or host gave them. */
export interface ResolvedCredentials {
  baseUrl: string;
  token: string | undefined;
  region?: RegionId;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === "" ? undefined : v;
}

/**
 * R2. The official SDK's credential resolution (`getClientCredentials`):
 * 0. dev mode (R3) wins over everything: `http://127.0.0.1:<QSTASH_DEV_PORT
 *    or 8080>` with the dev server's fixed token;
 * 1. a base URL and a token both given explicitly win;
 * 2. else, with `QSTASH_REGION` set to a known region (either spelling),
 *    `<REGION>_QSTASH_URL` and `<REGION>_QSTASH_TOKEN` when both are set;
 * 3. else the explicit pieces, then `QSTASH_URL` / `QSTASH_TOKEN`, then
 *    the default host.
 * An explicit `region` (this package's option, not the SDK's) stands for
 * that region's host in step 3 and selects its variables in step 2.
 */
export function resolveCredentials(
  config: CredentialConfig,
  env: Record<string, string | undefined>,
): ResolvedCredentials {
  if (devModeOf(config.devMode, env) === true) {
    const port = Number.parseInt(env.QSTASH_DEV_PORT ?? "", 10);
    return {
      baseUrl: `http://127.0.0.1:${Number.isNaN(port) || port <= 0 ? DEV_MODE_PORT : port}`,
      token: DEV_MODE_TOKEN,
    };
  }
  const baseUrl = nonEmpty(config.baseUrl);
  const token = nonEmpty(config.token);
  if (baseUrl !== undefined && token !== undefined) return { baseUrl, token };
  const explicitRegion = normaliseRegion(config.region);
  const region = explicitRegion ?? normaliseRegion(env.QSTASH_REGION);
  if (region !== undefined) {
    const url = nonEmpty(env[`${region}_QSTASH_URL`]);
    const tok = nonEmpty(env[`${region}_QSTASH_TOKEN`]);
    if (url !== undefined && tok !== undefined) {
      return { baseUrl: url, token: tok, region };
    }
  }
  const regionHost = explicitRegion === undefined ? undefined : REGION_HOSTS[explicitRegion];
  const envToken = nonEmpty(env.QSTASH_TOKEN);
  return {
    baseUrl: baseUrl ?? regionHost ?? nonEmpty(env.QSTASH_URL) ?? DEFAULT_BASE_URL,
    token: token ?? envToken,
    ...(explicitRegion === undefined ? {} : { region: explicitRegion }),
  };
}

// ------------------------------------------------------------ redaction (ledger: X1)

/**
 * X1. With `Upstash-Redact-Fields`, QStash shows redacted values as
 * `REDACTED:<SHA256>` in get/list responses (the original is still
 * delivered). The digest's encoding is not documented; only the prefix is
 * relied on.
 */
export const REDACTED_PREFIX = "REDACTED:";

/** X1: whether a value QStash returned is a redacted stand-in, not the value. */
export function isRedacted(value: unknown): boolean {
  return typeof value === "string" && value.startsWith(REDACTED_PREFIX);
}

/** X1: the parts `Upstash-Redact-Fields` accepts: `body`, `header`, `headers`, `header[Name]`. */
export const REDACT_FIELD_PATTERN = /^(body|headers?|headers?\[[^\]]+\])$/;

// ------------------------------------------------------------ durations and limits (ledger: D1, P1)

/** D1. Durations (`Upstash-Delay`, `Upstash-Timeout`, flow-control period): `<n>s|m|h|d` parts. */
export const DURATION_PATTERN = /^(\d+[smhd])+$/;

/** The whole seconds of a duration that matches `DURATION_PATTERN` (`1d10h30m` → 124200). */
export function durationToSeconds(text: string): number {
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhd])/g)) {
    seconds += Number(n) * (unit === "d" ? 86_400 : unit === "h" ? 3600 : unit === "m" ? 60 : 1);
  }
  return seconds;
}

/**
 * D2. A flow-control period may be at most one week (604800 s). A literal,
 * not `7 * 86400`: bundlers keep a computed top-level value, which would pull
 * this module into bundles that use nothing from it (the receiver's).
 */
export const MAX_FLOW_CONTROL_PERIOD_SECONDS = 604_800;

/** A7. The period QStash reports for a flow control that gave none: one second. */
export const DEFAULT_FLOW_CONTROL_PERIOD_SECONDS = 1;

/**
 * P1. Plan-dependent values (retries' default and maximum, queue
 * parallelism's maximum, schedule and queue counts) are never hard-coded:
 * unset means "not sent", and over the plan's limit QStash answers 412.
 * This constant documents the rule; there is deliberately no number here.
 */
export const PLAN_DEPENDENT = ["retries", "parallelism", "schedules", "queues"] as const;

// ------------------------------------------------------------ log states (ledger: Logs)

/**
 * The states a message passes through, as `GET /v2/logs` reports them. QStash's SDKs
 * (JS, Go, Python) all spell the last one `CANCELED`; the OpenAPI document says
 * `CANCELLED`. The devserver emits these; the client types the entries with them.
 */
export const LOG_STATES = [
  "CREATED",
  "ACTIVE",
  "RETRY",
  "ERROR",
  "DELIVERED",
  "FAILED",
  "CANCEL_REQUESTED",
  "CANCELED",
] as const;

/** One of {@link LOG_STATES}. */
export type LogState = (typeof LOG_STATES)[number];
