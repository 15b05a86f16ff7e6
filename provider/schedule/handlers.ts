import type { Client, CreateScheduleRequest, Schedule } from "../../sdk/client/index.js";
import { AdoptionRefusedError } from "../adoption.js";
import { defineHandler, getOrUndefined } from "../handler.js";
import { definedOnly } from "../values.js";
import { warn } from "../warnings.js";
import { assertImportable, importWarnings, isImport } from "./import.js";
import { inputsOf } from "./inputs.js";
import { scheduleIdFrom } from "./schedule-id.js";
import {
  type ScheduleInputs,
  type ScheduleOutputs,
  scheduleObject,
  scheduleOutputs,
  scheduleSchema,
} from "./schema.js";

const idOf = (i: { scheduleId?: string | undefined; derivedScheduleId: string }) =>
  i.scheduleId ?? i.derivedScheduleId;

/**
 * The client request that makes QStash hold exactly these inputs (an upsert
 * by id). The inputs are the request's options under the same names, except:
 * `paused` (a call of its own), the two ids (one effective id is sent),
 * `adopt` and `connection` (the provider's own), a flow control's absent
 * limits (left out, not sent empty) and `redact.body: false`, which QStash
 * has no spelling for (it is the same as none).
 */
function request(i: ScheduleInputs): CreateScheduleRequest {
  const {
    paused: _,
    scheduleId: __,
    derivedScheduleId: ___,
    adopt: ____,
    connection: _____,
    flowControl: fc,
    redact,
    ...options
  } = i;
  return {
    ...definedOnly(options),
    destination: i.destination,
    cron: i.cron,
    scheduleId: idOf(i),
    ...(fc === undefined
      ? {}
      : {
          flowControl: {
            key: fc.key,
            ...definedOnly({ parallelism: fc.parallelism, rate: fc.rate, period: fc.period }),
          },
        }),
    ...(redact === undefined
      ? {}
      : {
          redact: {
            ...(redact.body === true ? { body: true as const } : {}),
            ...(redact.header === undefined ? {} : { header: redact.header }),
          },
        }),
  };
}

function outsOf(s: Schedule): ScheduleOutputs {
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

const diffKeys = Object.keys(scheduleObject.shape).filter((k) => k !== "connection");

export const scheduleHandler = defineHandler<ScheduleInputs, ScheduleOutputs>({
  kind: "Schedule",
  description:
    "A QStash schedule: publishes a message to a URL or URL group on a cron. Every property updates in place through the same schedule id; only a new scheduleId replaces. Id: the schedule id.",
  inputs: scheduleObject,
  check: scheduleSchema,
  outputs: scheduleOutputs,
  // The output `scheduleId` is the effective id (user-chosen or derived), so
  // compare effective ids: only a different id replaces the schedule.
  diffView(p) {
    const values: Record<string, unknown> = p;
    const view: Record<string, unknown> = {};
    for (const k of diffKeys) if (values[k] !== undefined) view[k] = values[k];
    // state's `scheduleId` is the effective one; the inputs' only when chosen
    view.scheduleId = p.scheduleId ?? p.derivedScheduleId;
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

  // Under the plugin, the id a schedule without `scheduleId` gets comes from
  // its URN. For a resource without a parent it is the id the dynamic provider
  // derives, so a stack moving to the plugin keeps its schedules; under a
  // parent the URN carries the parent's type (not its name), which stands in for it.
  derivedInputs: (u) => ({ derivedScheduleId: scheduleIdFrom(u.project, u.stack, u.parentTypes, u.name) }),
  importState: async (id, derived) => ({ ...derived, scheduleId: id }),
});
