import * as pulumi from "@pulumi/pulumi";
import { QStashResource } from "../resource-base.js";
import {
  DECLARED,
  type ScheduleArgs,
  type ScheduleFlowControlArgs,
  type ScheduleOutputs,
} from "../resource-types.js";
import { UrlGroup } from "../url-group/resource.js";
import { scheduleIdFrom } from "./schedule-id.js";

export type { ScheduleArgs };
export { scheduleIdFrom };
/** @deprecated The old name of {@link ScheduleFlowControlArgs}. */
export type FlowControlArgs = ScheduleFlowControlArgs;
export type { ScheduleFlowControlArgs };

/**
 * A resource's name: the SDK keeps it in a field its types do not declare
 * (the URN, which carries it, is known only after registration).
 */
function nameOf(r: pulumi.Resource): string {
  const name: unknown = Reflect.get(r, "__name");
  return typeof name === "string" ? name : "";
}

/** The id used when `scheduleId` is not given: stable per project, stack, type and name. */
export function deriveScheduleId(resourceName: string, parent?: pulumi.Resource): string {
  const parentName = parent ? nameOf(parent) : "";
  return scheduleIdFrom(pulumi.getProject(), pulumi.getStack(), parentName, resourceName);
}

// the outputs, declared once (resource-types.ts, generated from the declarations); Pulumi sets them
export interface Schedule extends ScheduleOutputs {}

/**
 * A QStash schedule: publishes a message to a URL or URL group on a cron.
 *
 * @example
 * ```ts
 * new Schedule("nightly-report", {
 *   destination: "https://api.acme.dev/report",
 *   cron: "CRON_TZ=Europe/Berlin 0 2 * * *",
 *   headers: { Authorization: pulumi.interpolate`Bearer ${apiToken}` },   // stored as a secret
 *   retries: 5,
 * });
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above only adds the outputs Pulumi sets
export class Schedule extends QStashResource {
  constructor(name: string, args: ScheduleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "Schedule",
      DECLARED.Schedule,
      name,
      args,
      {
        destination: args.destination instanceof UrlGroup ? args.destination.name : args.destination,
        derivedScheduleId: deriveScheduleId(name, opts?.parent),
      },
      opts,
    );
  }
}
