import * as z from "../../deps/zod.js";
import { atLeast, connection, name } from "../validators.js";

/**
 * Queue inputs after `check`: defaults filled in so an omitted property never
 * diffs. `parallelism` defaults to 1 as in the official SDKs; its maximum
 * depends on the plan, so QStash enforces it (412; ledger P1).
 */
export const queueSchema = z.strictObject({
  name: name("queue name"),
  parallelism: atLeast(1, "parallelism").default(1),
  paused: z.boolean({ error: "expected true or false" }).default(false),
  adopt: z.boolean({ error: "expected true or false" }).optional(),
  connection,
});

export const queuePartial = queueSchema.partial();

export type QueueInputs = z.output<typeof queueSchema>;
