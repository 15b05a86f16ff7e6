import { ValidationError } from "../errors.js";
import { messageHeaders } from "./internal/headers.js";
import type { HttpCore } from "./internal/http.js";
import { rawDestination } from "./internal/path.js";
import { request } from "./internal/request.js";
import { Collection } from "./internal/resource.js";
import * as shape from "./internal/shapes.js";
import * as v from "./internal/validate.js";
import type { PublishSettings } from "./publish.js";
import type { CallOptions, CreateScheduleRequest, Schedule } from "./types.js";

/**
 * Schedules: a cron that publishes a message. Reach it as `client.schedules`.
 *
 * @example
 * ```ts
 * const { scheduleId } = await client.schedules.create({
 *   destination: "http://127.0.0.1:3000/report", cron: "0 * * * *", scheduleId: "hourly-report",
 * });
 * await client.schedules.pause({ schedule: scheduleId });
 * ```
 */
export class Schedules extends Collection<Schedule> {
  readonly #settings: PublishSettings;
  constructor(http: HttpCore, settings: PublishSettings) {
    super(http, "/v2/schedules", "scheduleId", shape.schedule);
    this.#settings = settings;
  }

  /**
   * Create a schedule, or replace the one with the same `scheduleId`. The id
   * is fixed before the first attempt (generated when omitted), so a retried
   * create is an upsert of the same schedule, never a duplicate.
   *
   * @example
   * ```ts
   * await client.schedules.create({ destination: "my-group", cron: "CRON_TZ=UTC 0 4 * * *" });
   * ```
   */
  async create(req: CreateScheduleRequest, opts?: CallOptions): Promise<{ scheduleId: string }> {
    const destination = v.destination(req.destination, "destination");
    const cron = v.cron(req.cron, "cron");
    const scheduleId =
      req.scheduleId === undefined
        ? `scd_${globalThis.crypto.randomUUID().replaceAll("-", "")}`
        : v.name(req.scheduleId, "scheduleId");
    const headers = messageHeaders(req, "schedule", this.#settings.headers);
    if (req.queueName !== undefined) headers["upstash-queue-name"] = v.name(req.queueName, "queueName");
    if (req.body !== undefined && typeof req.body !== "string") {
      throw new ValidationError("body", "expected a string; use JSON.stringify for objects");
    }
    headers["content-type"] ??= "application/json";
    headers["upstash-cron"] = cron;
    headers["upstash-schedule-id"] = scheduleId;
    const path = rawDestination("/v2/schedules", destination);
    return request(this.http, "POST", path, opts, { headers, body: req.body, expect: shape.scheduleId });
  }

  /**
   * Pause a schedule (its triggers are skipped until resumed). Idempotent.
   *
   * @example
   * ```ts
   * await client.schedules.pause({ schedule: "hourly-report" });
   * ```
   */
  async pause({ schedule }: { schedule: string }, opts?: CallOptions): Promise<void> {
    await request(this.http, "PATCH", `${this.path(schedule, "schedule")}/pause`, opts);
  }

  /**
   * Resume a paused schedule. Idempotent.
   *
   * @example
   * ```ts
   * await client.schedules.resume({ schedule: "hourly-report" });
   * ```
   */
  async resume({ schedule }: { schedule: string }, opts?: CallOptions): Promise<void> {
    await request(this.http, "PATCH", `${this.path(schedule, "schedule")}/resume`, opts);
  }
}
