import { LOG_STATES, type LogState } from "../sdk/qstash-rules.js";
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
 * newest first when read (QStash's order). The oldest entries are dropped past
 * `capacity`, in chunks so the cost of dropping stays amortised.
 */
export class MessageLog {
  private items: LogRecord[] = [];
  private seq = 0;

  constructor(private readonly capacity = 10_000) {}

  add(entry: Omit<LogRecord, "seq">): void {
    this.items.push({ seq: ++this.seq, ...entry });
    if (this.items.length > this.capacity + Math.ceil(this.capacity / 10)) {
      this.items.splice(0, this.items.length - this.capacity);
    }
  }

  get size(): number {
    return this.items.length;
  }

  /**
   * Entries older than `before` (a sequence number, exclusive), newest first, that pass
   * `keep`, at most `count`; `next` is the cursor of the following page, if any.
   */
  page(
    before: number,
    count: number,
    keep: (e: LogRecord) => boolean,
  ): { entries: LogRecord[]; next: number | undefined } {
    const entries: LogRecord[] = [];
    let i = this.indexBefore(before);
    for (; i >= 0; i--) {
      const e = this.items[i]!;
      if (!keep(e)) continue;
      if (entries.length === count) return { entries, next: entries[entries.length - 1]!.seq };
      entries.push(e);
    }
    return { entries, next: undefined };
  }

  clear(): void {
    this.items = [];
  }

  /** Index of the newest entry whose seq is below `before` (binary search: seqs only grow). */
  private indexBefore(before: number): number {
    let lo = 0;
    let hi = this.items.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid]!.seq < before) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
