import type * as pulumi from "@pulumi/pulumi";
import { QStashResource } from "../resource-base.js";
import { DECLARED, type QueueArgs, type QueueOutputs } from "../resource-types.js";

export type { QueueArgs };

// the outputs, declared once (resource-types.ts, generated from the declarations); Pulumi sets them
export interface Queue extends QueueOutputs {}

/**
 * A QStash queue.
 *
 * @example
 * ```ts
 * const q = new Queue("emails", { name: "emails", parallelism: 5 });
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above only adds the outputs Pulumi sets
export class Queue extends QStashResource {
  constructor(name: string, args: QueueArgs, opts?: pulumi.CustomResourceOptions) {
    super("Queue", DECLARED.Queue, name, args, {}, opts);
  }
}
