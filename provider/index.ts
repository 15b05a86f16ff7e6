/**
 * Pulumi resources for Upstash QStash.
 *
 * @example
 * ```ts
 * import { UrlGroup, Schedule, Queue, getSigningKeysOutput } from "pulumi-qstash";
 * const group = new UrlGroup("orders", { name: "orders", endpoints: [{ url: "https://api.acme.dev/orders" }] });
 * new Schedule("hourly", { destination: group, cron: "0 * * * *" });
 * ```
 * @module
 */
// first: refuses an old Node.js before @pulumi/pulumi or undici load
import "./node-guard.js";
// then: a program without @pulumi/pulumi is told what to install
import "./peer.js";

export type { CommonArgs, ConnectionArgs } from "./args.js";
export { Endpoint, type EndpointArgs } from "./endpoint/resource.js";
export { Queue, type QueueArgs } from "./queue/resource.js";
export type {
  EndpointOutputs,
  QueueOutputs,
  ScheduleOutputs,
  ScheduleRedactArgs,
  UrlGroupOutputs,
} from "./resource-types.js";
export {
  deriveScheduleId,
  type FlowControlArgs,
  Schedule,
  type ScheduleArgs,
  type ScheduleFlowControlArgs,
} from "./schedule/resource.js";
export {
  type GetSigningKeysArgs,
  getSigningKeys,
  getSigningKeysOutput,
  type SigningKeys,
} from "./signing-keys.js";
export {
  type EndpointArgsItem,
  Topic,
  type TopicArgs,
  UrlGroup,
  type UrlGroupArgs,
  type UrlGroupEndpointArgs,
} from "./url-group/resource.js";
