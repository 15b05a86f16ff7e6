import type { Schedule } from "../../sdk/client/index.js";
import { DEFAULT_FLOW_CONTROL_PERIOD_SECONDS, isRedacted } from "../../sdk/qstash-rules.js";
import type { State } from "../handler.js";
import { DECLARED } from "../resource-types.js";
import { dropUndefined } from "../values.js";
import { isImport } from "./import.js";
import type { ScheduleInputs, ScheduleOutputs } from "./schema.js";

/**
 * A value QStash reports, unless it is a redacted stand-in (`REDACTED:<sha256>`,
 * ledger X1): the original cannot be read back, so what was applied stands.
 */
function unredacted<T>(remote: T, old: T | undefined): T | undefined {
  return isRedacted(remote) ? old : remote;
}

/** A reported header map as the resource's `{ name: value }`, redacted values kept from `old`. */
function headerInputs(
  header: Record<string, string[]> | undefined,
  old: Record<string, string> | undefined,
): { headers: Record<string, string> | undefined; contentType: string | undefined } {
  const headers: Record<string, string> = {};
  let contentType: string | undefined;
  for (const k of Object.keys(header ?? {}).sort()) {
    const v = unredacted((header?.[k] ?? []).join(", "), old?.[k]);
    if (k.toLowerCase() === "content-type") contentType = v;
    else if (v !== undefined) headers[k] = v;
  }
  return { headers: Object.keys(headers).length ? headers : undefined, contentType };
}

/** What the schedule's state holds: its inputs and outputs, as applied (or the id alone, on import). */
export type ScheduleState = State<ScheduleInputs, ScheduleOutputs>;

/** The properties QStash does not report back, as applied. */
function unreported(old: ScheduleState): Partial<ScheduleInputs> {
  return Object.fromEntries(DECLARED.Schedule.unreported.map((k) => [k, old[k]]));
}

/**
 * Map QStash's schedule object back onto the resource's inputs. `old` is
 * what the stack applied (a refresh) or the id alone (an import, and
 * `pulumi-qstash import-file --program ts`, which declares what an import
 * would take).
 */
export function inputsOf(s: Schedule, old: ScheduleState): Record<string, unknown> {
  const { headers, contentType } = headerInputs(s.header, old.headers);
  const cb = headerInputs(s.callbackHeader, old.callbackHeaders).headers;
  const fcb = headerInputs(s.failureCallbackHeader, old.failureCallbackHeaders).headers;
  const flowControl = s.flowControlKey
    ? dropUndefined({
        key: s.flowControlKey,
        parallelism: s.parallelism || undefined,
        rate: s.rate || undefined,
        // QStash reports its default period for one that was not given (ledger A7):
        // not drift, and an import need not declare it
        period:
          !s.period ||
          (s.period === DEFAULT_FLOW_CONTROL_PERIOD_SECONDS && old.flowControl?.period === undefined)
            ? undefined
            : s.period,
      })
    : undefined;
  const remoteBody = s.body ?? (s.bodyBase64 !== undefined ? old.body : undefined);
  return dropUndefined({
    destination: s.destination,
    cron: s.cron,
    method: s.method ?? "POST",
    body: unredacted(remoteBody, old.body),
    headers,
    contentType: contentType ?? old.contentType,
    delay: s.delay || undefined,
    // plan-dependent (ledger P1): what QStash fills in for an unset value is not
    // drift; an import takes it, so the next update sends what the schedule has
    retries: old.retries === undefined && !isImport(old) ? undefined : s.retries,
    retryDelay: s.retryDelayExpression || undefined,
    callback: s.callback || undefined,
    failureCallback: s.failureCallback || undefined,
    // not reported when QStash does not return them: keep what was applied
    callbackHeaders: s.callbackHeader === undefined ? old.callbackHeaders : cb,
    failureCallbackHeaders: s.failureCallbackHeader === undefined ? old.failureCallbackHeaders : fcb,
    ...unreported(old),
    timeout: s.timeout ?? old.timeout,
    queueName: s.queueName || undefined,
    flowControl,
    labels: Array.isArray(s.labels) && s.labels.length ? s.labels : s.label ? [s.label] : undefined,
    paused: Boolean(s.isPaused),
    // outputs hold the effective id; only a user-chosen one is an input
    scheduleId: old.scheduleId !== old.derivedScheduleId ? old.scheduleId : undefined,
    derivedScheduleId: old.derivedScheduleId,
  });
}
