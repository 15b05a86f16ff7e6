import { badRequest } from "./http-util.js";
import { checkUrl, NAME_RE } from "./validate.js";

/** Where a publish, enqueue or schedule goes: a URL or a URL group by name. */
export type Destination = { kind: "url"; url: string } | { kind: "group"; name: string };

/** Everything after a route prefix plus the query: a destination as the SDK pasted it. */
export function destinationOf(rest: string, query: string): string {
  return query ? `${rest}?${query}` : rest;
}

/** A raw destination as QStash reads it: an http(s) URL, else a URL-group name. */
export function parseDestination(raw: string): Destination {
  // QStash's own words for both errors (ledger A9)
  if (raw.length === 0) throw badRequest("a non-empty destination must be provided");
  if (/^https?:\/\//i.test(raw)) return { kind: "url", url: checkUrl("destination url", raw) };
  if (raw.startsWith("api/"))
    throw badRequest(`destination "${raw}": api destinations are not supported by the devserver`);
  if (!NAME_RE.test(raw))
    throw badRequest("invalid destination url: endpoint has invalid scheme, add http:// or https://");
  return { kind: "group", name: raw };
}
