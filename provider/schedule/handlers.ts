import type { Client } from "../../sdk/client/index.js";
import { AdoptionRefusedError, deepEqual, dropUndefined } from "../common.js";
import { defineHandler, getOrUndefined } from "../handler.js";
import { SCHEDULE_INPUT_KEYS, type ScheduleInputs, schedulePartial, scheduleSchema } from "./schema.js";

type RemoteSchedule = Record<string, any> & { scheduleId: string };

const idOf = (i: { scheduleId?: string | undefined; derivedScheduleId: string }) =>
  i.scheduleId ?? i.derivedScheduleId;

/** The client request that makes QStash hold exactly these inputs (an upsert by id). */
function request(i: ScheduleInputs) {
  return dropUndefined({
    destination: i.destination,
    cron: i.cron,
    scheduleId: idOf(i),
    method: i.method,
    body: i.body,
    headers: { ...(i.headers ?? {}), "Content-Type": i.contentType },
    delay: i.delay,
    retries: i.retries,
    retryDelay: i.retryDelay,
    callback: i.callback,
    failureCallback: i.failureCallback,
    timeout: i.timeout,
    queueName: i.queueName,
    flowControl: i.flowControl ? dropUndefined({ ...i.flowControl }) : undefined,
    label: i.labels,
    redact: i.redact,
  });
}

/** Map QStash's schedule object back onto the resource's inputs. */
function inputsOf(s: RemoteSchedule, old: Record<string, any>) {
  const header: Record<string, string[]> = s.header ?? {};
  const headers: Record<string, string> = {};
  let contentType: string | undefined;
  for (const k of Object.keys(header).sort()) {
    const v = (header[k] ?? []).join(", ");
    if (k.toLowerCase() === "content-type") contentType = v;
    else headers[k] = v;
  }
  const flowControl = s.flowControlKey
    ? dropUndefined({
        key: s.flowControlKey as string,
        parallelism: s.parallelism || undefined,
        rate: s.rate || undefined,
        period: s.period || undefined,
      })
    : undefined;
  return dropUndefined({
    destination: s.destination,
    cron: s.cron,
    method: s.method ?? "POST",
    body: s.body ?? (s.bodyBase64 !== undefined ? old.body : undefined),
    headers: Object.keys(headers).length ? headers : undefined,
    contentType: contentType ?? old.contentType,
    delay: s.delay || undefined,
    retries: s.retries ?? old.retries,
    retryDelay: s.retryDelayExpression ?? s.retryDelay ?? undefined,
    callback: s.callback || undefined,
    failureCallback: s.failureCallback || undefined,
    // not reported by QStash: keep what was applied
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

/** Whether QStash already holds exactly these inputs. */
function sameSchedule(remote: Record<string, unknown>, i: ScheduleInputs): boolean {
  const keys = SCHEDULE_INPUT_KEYS.filter((k) => k !== "scheduleId" && k !== "derivedScheduleId");
  return keys.every((k) => deepEqual(remote[k], (i as Record<string, unknown>)[k]));
}

function outsOf(s: RemoteSchedule) {
  return {
    scheduleId: s.scheduleId,
    createdAt: s.createdAt,
    nextScheduleTime: s.nextScheduleTime,
    lastScheduleTime: s.lastScheduleTime,
  };
}

async function apply(client: Client, i: ScheduleInputs): Promise<RemoteSchedule> {
  const id = idOf(i);
  await client.schedules.create(request(i) as never);
  let s = (await client.schedules.get(id)) as RemoteSchedule;
  if (Boolean(s.isPaused) !== i.paused) {
    if (i.paused) await client.schedules.pause({ schedule: id });
    else await client.schedules.resume({ schedule: id });
    s = { ...s, isPaused: i.paused };
  }
  return s;
}

export const scheduleHandler = defineHandler<ScheduleInputs>({
  kind: "Schedule",
  schema: scheduleSchema as never,
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

  async create(client, i) {
    const id = idOf(i);
    // A schedule under the derived id can only be this resource's own orphan
    // (a create that crashed before Pulumi saved it): take it back. A
    // user-chosen id that exists belongs to someone else unless adopted.
    // An identical schedule is also taken back: that is what an interrupted
    // `up` leaves behind when it could not record the create.
    if (i.scheduleId && !i.adopt) {
      const existing = (await getOrUndefined(() => client.schedules.get(id))) as RemoteSchedule | undefined;
      if (existing && !sameSchedule(inputsOf(existing, i), i)) {
        throw new AdoptionRefusedError("schedule", JSON.stringify(id));
      }
    }
    const s = await apply(client, i);
    return { id, outs: outsOf(s) };
  },

  async read(client, id, props) {
    const s = (await getOrUndefined(() => client.schedules.get(id))) as RemoteSchedule | undefined;
    if (!s) return undefined;
    return { outs: outsOf(s), inputs: inputsOf(s, props) };
  },

  async update(client, _id, _olds, i) {
    return outsOf(await apply(client, i));
  },

  async delete(client, id) {
    await client.schedules.delete(id);
  },
});
