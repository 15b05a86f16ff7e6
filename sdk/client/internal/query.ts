import { ValidationError } from "../../errors.js";

/** A query value: arrays repeat the parameter (QStash's multi-value filters), dates go as unix ms. */
export type QueryValue = string | number | boolean | Date | readonly string[] | undefined;

/**
 * Builds `?a=1&b=x&b=y` from the given fields, skipping `undefined`. An empty array is
 * refused by name: sent as nothing it would widen a bulk action to everything.
 *
 * @example
 * ```ts
 * query({ label: ["a", "b"], count: 10 }); // "?label=a&label=b&count=10"
 * ```
 */
export function query(fields: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) throw new ValidationError(key, "expected at least one value");
      for (const v of value as readonly string[]) params.append(key, v);
    } else if (value instanceof Date) params.set(key, String(value.getTime()));
    else params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}
