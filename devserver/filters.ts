import { badRequest } from "./http-util.js";
import { LOG_STATES, type LogState } from "./message-log.js";
import type { MessageRecord } from "./records.js";

/**
 * The query filters of the messages, DLQ and logs endpoints. A multi-value filter
 * matches when the record's value equals any of the given values (repeated parameters or
 * one comma-separated value); separate filters must all match.
 */
export interface Filters {
  messageIds?: Set<string>;
  dlqIds?: Set<string>;
  url?: Set<string>;
  host?: Set<string>;
  path?: Set<string>;
  topicName?: Set<string>;
  queueName?: Set<string>;
  scheduleId?: Set<string>;
  label?: Set<string>;
  flowControlKey?: Set<string>;
  callerIp?: Set<string>;
  responseStatus?: Set<number>;
  state?: Set<LogState>;
  /** Inclusive bounds, unix ms. */
  fromDate?: number;
  toDate?: number;
}

export interface ListQuery {
  filters: Filters;
  count: number | undefined;
  cursor: string | undefined;
  /** True when no filter at all was given (a bulk action on everything). */
  unfiltered: boolean;
}

type Field = keyof Filters | "messageId" | "callerIP" | "count" | "cursor";

/** The filters every endpoint shares after its URL ones, in the order their errors list them. */
const SCOPE: readonly Field[] = [
  "topicName",
  "queueName",
  "scheduleId",
  "label",
  "flowControlKey",
  "callerIp",
];
/** The URL filters of the messages and logs endpoints (the DLQ takes only `url`). */
const URL_PARTS: readonly Field[] = ["url", "host", "path"];

const MULTI: ReadonlySet<string> = new Set([...URL_PARTS, ...SCOPE, "messageIds", "dlqIds"]);

/** The fields each endpoint accepts; anything else is a 400 naming the field. */
export const MESSAGE_CANCEL_FIELDS: readonly Field[] = [
  "messageIds",
  ...URL_PARTS,
  ...SCOPE,
  "callerIP",
  "fromDate",
  "toDate",
  "count",
];
export const DLQ_FIELDS: readonly Field[] = [
  "dlqIds",
  "messageId",
  "url",
  ...SCOPE,
  "responseStatus",
  "fromDate",
  "toDate",
  "count",
  "cursor",
];
export const LOG_FIELDS: readonly Field[] = [
  "messageIds",
  "messageId",
  "state",
  ...URL_PARTS,
  ...SCOPE,
  "fromDate",
  "toDate",
  "count",
  "cursor",
];

function values(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => (MULTI.has(name) ? v.split(",") : [v]))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function integer(name: string, raw: string, min: number): number {
  if (!/^-?\d+$/.test(raw.trim())) throw badRequest(`invalid ${name} "${raw}": expected an integer`);
  const n = Number(raw);
  if (n < min) throw badRequest(`invalid ${name} "${raw}": must be at least ${min}`);
  return n;
}

/**
 * Parses a list or bulk-action query. `body` may hold the older JSON form of the same
 * request (`{"messageIds": [...]}` or `{"dlqIds": [...]}`, as the Go and Python SDKs send).
 */
export function parseListQuery(query: string, allowed: readonly Field[], body?: Buffer): ListQuery {
  const params = new URLSearchParams(query);
  for (const name of new Set(params.keys())) {
    if (!allowed.includes(name as Field)) {
      throw badRequest(`unknown filter "${name}": expected one of ${allowed.join(", ")}`);
    }
  }
  const filters: Filters = {};
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => {
    filters[k] = v;
  };
  for (const name of allowed) {
    const vs = values(params, name);
    if (vs.length === 0) continue;
    switch (name) {
      case "count":
      case "cursor":
        break;
      case "messageId":
        set("messageIds", new Set([...(filters.messageIds ?? []), ...vs]));
        break;
      case "callerIP":
        set("callerIp", new Set([...(filters.callerIp ?? []), ...vs]));
        break;
      case "callerIp":
      case "messageIds":
        set(name, new Set([...(filters[name] ?? []), ...vs]));
        break;
      case "responseStatus":
        set(
          "responseStatus",
          new Set(vs.flatMap((v) => v.split(",")).map((v) => integer("responseStatus", v, 0))),
        );
        break;
      case "state":
        set("state", new Set(vs.flatMap(stateOf)));
        break;
      case "fromDate":
      case "toDate":
        set(name, integer(name, vs[0]!, 0));
        break;
      default:
        set(name, new Set(vs));
    }
  }
  if (body && body.length > 0) idsFromBody(body, filters);
  const countRaw = params.get("count");
  const cursor = params.get("cursor") ?? undefined;
  return {
    filters,
    count: countRaw === null ? undefined : integer("count", countRaw, 1),
    cursor: cursor === "" ? undefined : cursor,
    unfiltered: Object.keys(filters).length === 0,
  };
}

function idsFromBody(body: Buffer, filters: Filters): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest("request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null) return;
  for (const key of ["messageIds", "dlqIds"] as const) {
    const ids = (parsed as Record<string, unknown>)[key];
    if (ids === undefined) continue;
    if (!Array.isArray(ids) || ids.some((i) => typeof i !== "string"))
      throw badRequest(`${key} must be an array of strings`);
    filters[key] = new Set([...(filters[key] ?? []), ...(ids as string[])]);
  }
}

/** `IN_PROGRESS` stands for ACTIVE, RETRY and ERROR; `CANCELLED` is taken as `CANCELED`. */
function stateOf(raw: string): LogState[] {
  const s = raw.toUpperCase();
  if (s === "IN_PROGRESS") return ["ACTIVE", "RETRY", "ERROR"];
  if (s === "CANCELLED") return ["CANCELED"];
  if ((LOG_STATES as readonly string[]).includes(s)) return [s as LogState];
  throw badRequest(`invalid state "${raw}": expected one of ${LOG_STATES.join(", ")} or IN_PROGRESS`);
}

function hostAndPath(url: string): { host: string; hostname: string; path: string } {
  try {
    const u = new URL(url);
    return { host: u.host, hostname: u.hostname, path: u.pathname };
  } catch {
    return { host: "", hostname: "", path: "" };
  }
}

/** Whether a message passes every filter except the time bounds and states (their times differ per endpoint). */
export function matchesMessage(m: MessageRecord, f: Filters): boolean {
  if (f.messageIds && !f.messageIds.has(m.messageId)) return false;
  if (f.dlqIds && !(m.dlqId && f.dlqIds.has(m.dlqId))) return false;
  if (f.url && !f.url.has(m.url)) return false;
  if (f.host || f.path) {
    const hp = hostAndPath(m.url);
    if (f.host && !f.host.has(hp.host) && !f.host.has(hp.hostname)) return false;
    if (f.path && !f.path.has(hp.path)) return false;
  }
  if (f.topicName && !(m.topicName && f.topicName.has(m.topicName))) return false;
  if (f.queueName && !(m.queueName && f.queueName.has(m.queueName))) return false;
  if (f.scheduleId && !(m.scheduleId && f.scheduleId.has(m.scheduleId))) return false;
  if (f.callerIp && !f.callerIp.has(m.callerIP)) return false;
  if (f.flowControlKey) {
    const k = m.spec.flowControl?.key;
    if (!(k && f.flowControlKey.has(k))) return false;
  }
  if (f.label && !(m.spec.labels ?? []).some((l) => f.label!.has(l))) return false;
  if (f.responseStatus && !(m.response && f.responseStatus.has(m.response.status))) return false;
  return true;
}

/** Whether `time` lies within the filters' inclusive date bounds. */
export function inDateRange(time: number, f: Filters): boolean {
  if (f.fromDate !== undefined && time < f.fromDate) return false;
  if (f.toDate !== undefined && time > f.toDate) return false;
  return true;
}
