import type { Client, CreateScheduleRequest, Schedule } from "../../sdk/client/index.js";
import { isRedacted } from "../../sdk/qstash-rules.js";
import { AdoptionRefusedError } from "../adoption.js";
import { defineHandler, getOrUndefined } from "../handler.js";
import { definedOnly, dropUndefined } from "../values.js";
import { warn } from "../warnings.js";
import { assertImportable, importWarnings, isImport } from "./import.js";
import { SCHEDULE_INPUT_KEYS, type ScheduleInputs, schedulePartial, scheduleSchema } from "./schema.js";

const idOf = (i: { scheduleId?: string | undefined; derivedScheduleId: string }) =>
  i.scheduleId ?? i.derivedScheduleId;

/** The client request that makes QStash hold exactly these inputs (an upsert by id). */
function request(i: ScheduleInputs): CreateScheduleRequest {
  const fc = i.flowControl;
  const r = i.redact;
  return {
    destination: i.destination,
    cron: i.cron,
    scheduleId: idOf(i),
    method: i.method,
    headers: { ...(i.headers ?? {}), "Content-Type": i.contentType },
    ...definedOnly({
      body: i.body,
      delay: i.delay,
      retries: i.retries,
      retryDelay: i.retryDelay,
      callback: i.callback,
      failureCallback: i.failureCallback,
      callbackHeaders: i.callbackHeaders,
      failureCallbackHeaders: i.failureCallbackHeaders,
      callbackMethod: i.callbackMethod,
      callbackTimeout: i.callbackTimeout,
      callbackRetries: i.callbackRetries,
      callbackRetryDelay: i.callbackRetryDelay,
      failureCallbackMethod: i.failureCallbackMethod,
      failureCallbackTimeout: i.failureCallbackTimeout,
      failureCallbackRetries: i.failureCallbackRetries,
      failureCallbackRetryDelay: i.failureCallbackRetryDelay,
      timeout: i.timeout,
      queueName: i.queueName,
      label: i.labels,
      flowControl:
        fc === undefined
          ? undefined
          : {
              key: fc.key,
              ...definedOnly({ parallelism: fc.parallelism, rate: fc.rate, period: fc.period }),
            },
      redact:
        r === undefined
          ? undefined
          : {
              ...(r.body === true ? { body: true as const } : {}),
              ...(r.header === undefined ? {} : { header: r.header }),
            },
    }),
  };
}

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

/** Map QStash's schedule object back onto the resource's inputs. */
function inputsOf(s: Schedule, old: Record<string, any>): Record<string, unknown> {
  const { headers, contentType } = headerInputs(s.header, old.headers);
  const cb = headerInputs(s.callbackHeader, old.callbackHeaders).headers;
  const fcb = headerInputs(s.failureCallbackHeader, old.failureCallbackHeaders).headers;
  const flowControl = s.flowControlKey
    ? dropUndefined({
        key: s.flowControlKey,
        parallelism: s.parallelism || undefined,
        rate: s.rate || undefined,
        period: s.period || undefined,
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
    callbackMethod: old.callbackMethod,
    callbackTimeout: old.callbackTimeout,
    callbackRetries: old.callbackRetries,
    callbackRetryDelay: old.callbackRetryDelay,
    failureCallbackMethod: old.failureCallbackMethod,
    failureCallbackTimeout: old.failureCallbackTimeout,
    failureCallbackRetries: old.failureCallbackRetries,
    failureCallbackRetryDelay: old.failureCallbackRetryDelay,
    timeout: s.timeout ?? old.timeout,
    redact: old.redact,
    queueName: s.queueName || undefined,
    flowControl,
    labels: Array.isArray(s.labels) && s.labels.length ? s.labels : s.label ? [s.label] : undefined,
    paused: Boolean(s.isPaused),
    // outputs hold the effective id; only a user-chosen one is an input
    scheduleId: old.scheduleId !== old.derivedScheduleId ? old.scheduleId : undefined,
    derivedScheduleId: old.derivedScheduleId,
  });
}

function outsOf(s: Schedule) {
  return {
    scheduleId: s.scheduleId,
    createdAt: s.createdAt,
    nextScheduleTime: s.nextScheduleTime,
    lastScheduleTime: s.lastScheduleTime,
  };
}

async function apply(client: Client, i: ScheduleInputs): Promise<Schedule> {
  const id = idOf(i);
  await client.schedules.create(request(i));
  let s = await client.schedules.get(id);
  if (Boolean(s.isPaused) !== i.paused) {
    if (i.paused) await client.schedules.pause({ schedule: id });
    else await client.schedules.resume({ schedule: id });
    s = { ...s, isPaused: i.paused };
  }
  return s;
}

export const scheduleHandler = defineHandler<ScheduleInputs>({
  kind: "Schedule",
  schema: scheduleSchema,
  partialSchema: schedulePartial,
  inputKeys: SCHEDULE_INPUT_KEYS,
  replaceKeys: ["scheduleId"],
  // The output `scheduleId` is the effective id (user-chosen or derived), so
  // compare effective ids: only a different id replaces the schedule.
  diffView(p, side) {
    const view: Record<string, unknown> = {};
    for (const k of [...SCHEDULE_INPUT_KEYS, "adopt"]) if (p[k] !== undefined) view[k] = p[k];
    view.scheduleId = side === "new" ? idOf(p as ScheduleInputs) : (p.scheduleId ?? p.derivedScheduleId);
    delete view.derivedScheduleId;
    return view;
  },
  identity: (view) => [String(view.scheduleId)],

  async create(client, i) {
    const id = idOf(i);
    // A schedule under the derived id (unique per project, stack and
    // resource) can only be this resource's own orphan, a create that crashed
    // before Pulumi saved it: take it back. A user-chosen id that exists is
    // refused unless adopted, even with these very settings: another stack or
    // resource may own it.
    if (i.scheduleId && !i.adopt && (await getOrUndefined(() => client.schedules.get(id)))) {
      throw new AdoptionRefusedError("schedule", JSON.stringify(id));
    }
    const s = await apply(client, i);
    return { id, outs: outsOf(s) };
  },

  async read(client, id, props) {
    const s = await getOrUndefined(() => client.schedules.get(id));
    if (!s) return undefined;
    // by id alone (`pulumi import`): only what can be read back in full
    if (isImport(props)) {
      assertImportable(s);
      for (const w of importWarnings(s)) await warn(w);
    }
    return { outs: outsOf(s), inputs: inputsOf(s, props) };
  },

  async update(client, _id, _olds, i) {
    return outsOf(await apply(client, i));
  },

  async delete(client, id) {
    await client.schedules.delete(id);
  },
});
