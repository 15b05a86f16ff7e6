import { createHash } from "node:crypto";
import { REDACTED_PREFIX } from "../sdk/qstash-rules.js";

/**
 * What `Upstash-Redact-Fields` asks to hide, parsed: `body`, every header
 * (`header` / `headers`), or named headers (`header[Name]` / `headers[Name]`).
 */
export interface RedactPlan {
  body: boolean;
  allHeaders: boolean;
  headers: Set<string>;
}

export function redactPlan(fields: string | undefined): RedactPlan | undefined {
  if (!fields) return undefined;
  const plan: RedactPlan = { body: false, allHeaders: false, headers: new Set() };
  for (const raw of fields.split(",")) {
    const f = raw.trim();
    if (f === "body") plan.body = true;
    else if (f === "header" || f === "headers") plan.allHeaders = true;
    else {
      const m = /^headers?\[([^\]]+)\]$/.exec(f);
      if (m) plan.headers.add(m[1]!.trim().toLowerCase());
    }
  }
  return plan;
}

/**
 * The stand-in QStash shows for a redacted value in get/list responses
 * (ledger X1): `REDACTED:` and the SHA-256 of the value. The vendor writes
 * `REDACTED:<SHA256>` without naming the encoding; lower-case hex is used
 * here, and nothing in this package depends on the digest's encoding.
 */
export function redactedValue(value: string | Buffer): string {
  return `${REDACTED_PREFIX}${createHash("sha256").update(value).digest("hex")}`;
}

/**
 * Apply a redaction plan to a response object with `body`/`bodyBase64` and a
 * `header` map, as schedule and message get/list do. Deliveries still carry
 * the original values.
 */
export function redactJson(
  out: Record<string, unknown>,
  fields: string | undefined,
): Record<string, unknown> {
  const plan = redactPlan(fields);
  if (!plan) return out;
  if (plan.body) {
    if (typeof out.body === "string") out.body = redactedValue(out.body);
    if (typeof out.bodyBase64 === "string") {
      out.body = redactedValue(Buffer.from(out.bodyBase64, "base64"));
      delete out.bodyBase64;
    }
  }
  const header = out.header as Record<string, string[]> | undefined;
  if (header && (plan.allHeaders || plan.headers.size > 0)) {
    const next: Record<string, string[]> = {};
    for (const [k, values] of Object.entries(header)) {
      const hide = plan.allHeaders || plan.headers.has(k.toLowerCase());
      next[k] = hide ? values.map((v) => redactedValue(v)) : values;
    }
    out.header = next;
  }
  return out;
}
