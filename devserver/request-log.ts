import { BoundedLog } from "./bounded-log.js";

/** One API request as the devserver saw it. Never holds the token or the query string. */
export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path without query string; userinfo in a destination URL is masked. */
  path: string;
  status: number;
  /** Unix ms when the request arrived. */
  time: number;
  durationMs: number;
  /** Set when an injected fault or the rate limit produced the response. */
  fault?: string;
}

/** Strip the query (it may hold `qstash_token`) and mask `user:pass@` in embedded URLs. */
export function redactPath(rawTarget: string): string {
  const q = rawTarget.indexOf("?");
  const path = q === -1 ? rawTarget : rawTarget.slice(0, q);
  return path.replace(/(https?:\/\/)[^/@]*@/gi, "$1***@");
}

/**
 * A bounded, in-memory log of API requests that tests read to count calls.
 *
 * @example
 * ```ts
 * server.requestLog.clear();
 * await client.schedules.list();
 * expect(server.requestLog.count({ method: "GET", path: "/v2/schedules" })).toBe(1);
 * ```
 */
export class RequestLog extends BoundedLog<RequestLogEntry> {
  /** Count entries matching method, exact path or path prefix (`"/v2/schedules*"`), and status. */
  count(filter: { method?: string; path?: string; status?: number } = {}): number {
    return this.items.filter((e) => matches(e, filter)).length;
  }
}

export function matches(e: RequestLogEntry, f: { method?: string; path?: string; status?: number }): boolean {
  if (f.method && e.method !== f.method.toUpperCase()) return false;
  if (f.status !== undefined && e.status !== f.status) return false;
  if (f.path) {
    if (f.path.endsWith("*")) return e.path.startsWith(f.path.slice(0, -1));
    return e.path === f.path;
  }
  return true;
}
