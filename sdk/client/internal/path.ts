import { ValidationError } from "../../errors.js";
import { name } from "./validate.js";

/**
 * Encode one path segment (a URL-group, queue or schedule name). Everything a
 * caller passes in a path goes through here, so `..` can never walk the API
 * tree and a `/` or `?` in a name cannot change which endpoint is hit.
 */
export function segment(value: string, field: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new ValidationError(field, "expected a non-empty string");
  }
  if (value === "." || value === "..") {
    throw new ValidationError(field, `"${value}" is not allowed as a name`);
  }
  return encodeURIComponent(value);
}

/**
 * The API takes a destination verbatim after `/v2/publish/`,
 * `/v2/schedules/` and `/v2/enqueue/{queue}/` (the official SDK pastes it
 * unencoded, so `//` and its query string survive). The caller has already
 * validated it (`httpUrl` refuses fragments, whitespace and dot segments, the
 * only things a URL parser would change), so it is appended exactly as
 * written: QStash stores and signs what it receives (ledger U1).
 */
export function rawDestination(prefix: string, destination: string): string {
  if (!/^https?:\/\//i.test(destination) && /[/?#]/.test(destination)) {
    throw new ValidationError("destination", "expected an http(s) URL or a URL group name");
  }
  return `${prefix}/${destination}`;
}

/** The path without its query string, for error messages (a query may hold secrets). */
export function pathForErrors(path: string): string {
  const q = path.indexOf("?");
  return q === -1 ? path : path.slice(0, q);
}

/** A resource name checked against `^[A-Za-z0-9._-]+$` (ledger N1), then encoded as a path segment. */
export function nameSegment(value: string, field: string): string {
  return segment(name(value, field), field);
}
