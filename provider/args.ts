import type { ConnectionArgs, QueueArgs } from "./resource-types.js";

export type { ConnectionArgs };

/** Options every QStash resource accepts: `adopt` and the `connection` override. */
export type CommonArgs = Pick<QueueArgs, "adopt" | "connection">;
