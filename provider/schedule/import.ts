import type { Schedule } from "../../sdk/client/index.js";
import { PulumiQStashError } from "../../sdk/errors.js";
import { isRedacted } from "../../sdk/qstash-rules.js";

/**
 * Whether a read has no inputs this resource applied: a read by id alone
 * (`pulumi import`), seeded with the id only. Every applied schedule has a
 * destination, so a refresh never looks like this.
 */
export function isImport(old: Record<string, unknown>): boolean {
  return old.destination === undefined;
}

/** Names of the header map's entries whose values QStash hides (ledger X1). */
function redactedNames(header: Record<string, string[]> | undefined): string[] {
  return Object.keys(header ?? {})
    .filter((k) => (header?.[k] ?? []).some(isRedacted))
    .sort();
}

/**
 * Refuse to import a schedule whose inputs cannot be read back in full.
 *
 * A schedule is updated by re-creating it under its id with every value, so
 * inputs missing a value QStash still holds would make the next update drop
 * it: redacted values (shown as `REDACTED:<sha256>`, ledger X1) and a body
 * that is not UTF-8 (reported base64, which `body` cannot hold). The error
 * names them and says how to take the schedule over with its real values.
 */
export class ScheduleImportError extends PulumiQStashError {
  readonly code = "SCHEDULE_NOT_IMPORTABLE";
  constructor(id: string, hidden: readonly string[], redact: string | undefined) {
    super(
      `schedule ${JSON.stringify(id)} cannot be imported: QStash does not show ${hidden.join(", ")}, ` +
        "so the imported inputs would lack them and the next update would remove them from the schedule. " +
        `Take it over with its values instead: declare a Schedule with scheduleId: ${JSON.stringify(id)}, ` +
        "adopt: true and its body and headers as they are" +
        (redact ? ` (and redact: ${redact} to keep them hidden)` : "") +
        ", then run `pulumi up`.",
    );
    this.name = "ScheduleImportError";
  }
}

/** Throw `ScheduleImportError` when an import of `s` would lose values QStash keeps. */
export function assertImportable(s: Schedule): void {
  const hidden: string[] = [];
  const body = isRedacted(s.body);
  if (body) hidden.push("its body (redacted)");
  else if (s.body === undefined && s.bodyBase64 !== undefined) hidden.push("its body (not UTF-8)");
  const headers = redactedNames(s.header);
  const named = (what: string, names: string[]) =>
    names.length ? [`${what} ${names.map((n) => JSON.stringify(n)).join(", ")} (redacted)`] : [];
  hidden.push(
    ...named("header", headers),
    ...named("callback header", redactedNames(s.callbackHeader)),
    ...named("failure-callback header", redactedNames(s.failureCallbackHeader)),
  );
  if (!hidden.length) return;
  const parts = [
    ...(body ? ["body: true"] : []),
    ...(headers.length ? [`header: [${headers.map((n) => JSON.stringify(n)).join(", ")}]`] : []),
  ];
  throw new ScheduleImportError(s.scheduleId, hidden, parts.length ? `{ ${parts.join(", ")} }` : undefined);
}
/**
 * What an import cannot carry over but does not lose outright, said at import
 * time (the plugin's stderr reaches the CLI's output):
 * - no Content-Type: the provider always sends one (application/json unless
 *   `contentType` says otherwise, ledger S1), so the first update adds it;
 *   the next preview shows it as `+ contentType`.
 * - a callback: QStash does not report the callback requests' method,
 *   timeout, retries or retry delay (ledger H2).
 */
export function importWarnings(s: Schedule): string[] {
  const id = JSON.stringify(s.scheduleId);
  const out: string[] = [];
  const hasContentType = Object.keys(s.header ?? {}).some((k) => k.toLowerCase() === "content-type");
  if (!hasContentType) {
    out.push(
      `schedule ${id} has no Content-Type. This provider always sends one (application/json unless ` +
        "contentType is set, as the official SDK does), so the first update adds it to the schedule's deliveries; " +
        "the next preview shows it as `+ contentType`.",
    );
  }
  if (s.callback || s.failureCallback) {
    out.push(
      `schedule ${id} has a callback: QStash does not report the callback requests' method, timeout, retries ` +
        "or retry delay, so they are not imported. If the schedule sets them, declare them " +
        "(callbackMethod, callbackTimeout, callbackRetries, callbackRetryDelay, failureCallback...) " +
        "or the next update resets them to QStash's defaults.",
    );
  }
  return out;
}
