import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, inputsOf } from "../args.js";
import { QStashResource } from "../resource-base.js";

/** Arguments of a {@link Queue}. */
export interface QueueArgs extends CommonArgs {
  /** Queue name: letters, digits, `-`, `_`, `.`. Changing it replaces the queue. */
  name: pulumi.Input<string>;
  /** Messages delivered in parallel (default 1: FIFO). Updated in place. */
  parallelism?: pulumi.Input<number>;
  /** Stop delivering (messages are kept). Updated in place. */
  paused?: pulumi.Input<boolean>;
}

/**
 * A QStash queue.
 *
 * @example
 * ```ts
 * const q = new Queue("emails", { name: "emails", parallelism: 5 });
 * ```
 */
export class Queue extends QStashResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly parallelism: pulumi.Output<number>;
  declare readonly paused: pulumi.Output<boolean>;
  /** Messages waiting, as of the last create, update or refresh. */
  declare readonly lag: pulumi.Output<number | undefined>;
  declare readonly createdAt: pulumi.Output<number>;

  constructor(name: string, args: QueueArgs, opts?: pulumi.CustomResourceOptions) {
    super("Queue", name, args, inputsOf(args, ["name", "parallelism", "paused"]), ["lag", "createdAt"], opts);
  }
}
