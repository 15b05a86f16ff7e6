import type { Client, CreateScheduleRequest, Schedule } from "../../sdk/client/index.js";
import { AdoptionRefusedError } from "../adoption.js";
import { defineHandler, getOrUndefined } from "../handler.js";
import { definedOnly } from "../values.js";
import { warn } from "../warnings.js";
import { assertImportable, importWarnings, isImport } from "./import.js";
import { inputsOf } from "./inputs.js";
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
