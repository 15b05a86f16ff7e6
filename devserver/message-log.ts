import { LOG_STATES, type LogState } from "../sdk/qstash-rules.js";
import { BoundedLog } from "./bounded-log.js";
import type { MessageRecord, ResponseRecord } from "./records.js";

// the states live with the other QStash rules, shared with the client
export { LOG_STATES, type LogState };

/** One log entry. It points at its message instead of copying it, so entries stay small. */
export interface LogRecord {
  /** Increases by one per entry; cursors are built from it. */
  seq: number;
  /** Unix ms (virtual clock). */
  time: number;
  state: LogState;
  message: MessageRecord;
  error?: string;
  nextDeliveryTime?: number;
  response?: ResponseRecord;
}

/**
 * A bounded log of every state change of every message, newest last in memory and
 * newest first when read (QStash's order); `page` reads it.
 */
export class MessageLog extends BoundedLog<LogRecord> {}
