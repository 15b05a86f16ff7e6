import * as z from "../../deps/zod.js";
import { property } from "../property.js";
import { adopt, atLeast, connection, name } from "../validators.js";

/**
 * Queue inputs after `check`: defaults filled in so an omitted property never
 * diffs. `parallelism` defaults to 1 as in the official SDKs; its maximum
 * depends on the plan, so QStash enforces it (412; ledger P1).
 */
export const queueSchema = z.strictObject({
  name: property(name("queue name"), {
    description: "Queue name: letters, digits, `-`, `_`, `.`. Changing it replaces the queue.",
    replaces: true,
  }),
  parallelism: property(atLeast(1, "parallelism").default(1), {
    description:
      "Messages delivered at once (default 1: FIFO). No local maximum: over the plan's, QStash refuses (412).",
  }),
  paused: property(z.boolean({ error: "expected true or false" }).default(false), {
    description: "Pause deliveries; messages are kept (default false).",
  }),
  adopt: adopt("a queue"),
  connection,
});

export type QueueInputs = z.output<typeof queueSchema>;

/** What a queue reports beyond its inputs. */
export const queueOutputs = z.strictObject({
  lag: property(z.number().optional(), {
    description: "Messages waiting in the queue, as of the last create, update or refresh.",
  }),
  createdAt: property(z.number().optional(), { description: "Creation time, milliseconds since the epoch." }),
});

export type QueueOutputs = z.output<typeof queueOutputs>;
