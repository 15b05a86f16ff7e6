import { z } from "zod";
import { connection, int, name } from "../validators.js";

/** Queue inputs after `check`: defaults filled in so an omitted property never diffs. */
export const queueSchema = z.strictObject({
  name: name("queue name"),
  parallelism: int(1, 1000, "parallelism").default(1),
  paused: z.boolean({ error: "expected true or false" }).default(false),
  adopt: z.boolean({ error: "expected true or false" }).optional(),
  connection,
});

export const queuePartial = queueSchema.partial();

export type QueueInputs = z.output<typeof queueSchema>;
