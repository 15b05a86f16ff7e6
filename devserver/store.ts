import type { Cron } from "../deps/croner.js";
import { FlowControls } from "./flow-control.js";
import { MessageLog } from "./message-log.js";
import type { MessageRecord, QueueRecord, ScheduleRecord, Snapshot, UrlGroupRecord } from "./records.js";
import { parseCron } from "./validate.js";
import { WorkflowRuns } from "./workflow/runs.js";

/** A clock that tests can move forward; everything scheduled reads time from here. */
export class Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  /** Move virtual time forward by `ms` (never backwards). */
  advance(ms: number): void {
    if (ms > 0) this.offset += ms;
  }
  /** Jump to an absolute virtual time if it is ahead of now. */
  set(ms: number): void {
    const d = ms - this.now();
    if (d > 0) this.offset += d;
  }
}

/** Finished messages kept for the inventory; older ones are dropped. */
const FINISHED_CAP = 2_000;
/** How long a finished message still answers `GET /v2/messages/{id}` ("shortly after", virtual ms). */
export const FINISHED_VISIBLE_MS = 30_000;

/** Bounds of what the store keeps about past messages (the logs and the DLQ grow with traffic). */
export interface StoreCapacity {
  /** Log entries (`GET /v2/logs`). Default 10 000. */
  logs?: number | undefined;
  /** DLQ entries. Default 10 000. */
  dlq?: number | undefined;
}

/** The devserver's whole state: one instance per server, optionally persisted. */
export class Store {
  keys: { current: string; next: string };
  readonly urlGroups = new Map<string, UrlGroupRecord>();
  readonly queues = new Map<string, QueueRecord>();
  readonly schedules = new Map<string, ScheduleRecord>();
  /** Pending and in-flight messages, in arrival order (FIFO for queues). */
  readonly messages = new Map<string, MessageRecord>();
  readonly finished = new Map<string, MessageRecord>();
  /** Failed messages by dlqId, oldest first. */
  readonly dlq = new Map<string, MessageRecord>();
  readonly logs: MessageLog;
  readonly flow = new FlowControls();
  private dlqSeq = 0;
  private readonly dlqCap: number;
  readonly crons = new Map<string, Cron>();
  readonly dedup = new Map<string, { expiresAt: number; result: unknown }>();
  /** Upstash Workflow runs (devserver/workflow/). */
  readonly workflows = new WorkflowRuns();

  constructor(keys: { current: string; next: string }, capacity: StoreCapacity = {}) {
    this.keys = { ...keys };
    this.logs = new MessageLog(capacity.logs ?? 10_000);
    this.dlqCap = capacity.dlq ?? 10_000;
  }

  /** A pending message, or a delivered or failed one for a short while after (a cancelled one is gone at once). */
  visibleMessage(id: string, now: number): MessageRecord | undefined {
    const pending = this.messages.get(id);
    if (pending) return pending;
    const done = this.finished.get(id);
    if (!done || done.state === "CANCELLED") return undefined;
    return (done.finishedAt ?? 0) + FINISHED_VISIBLE_MS > now ? done : undefined;
  }

  /** A new dlqId in QStash's form (`<unix ms>-<n>`). */
  nextDlqId(now: number): string {
    return `${now}-${this.dlqSeq + 1}`;
  }

  cronOf(s: ScheduleRecord): Cron {
    let c = this.crons.get(s.scheduleId);
    if (!c) {
      c = parseCron(s.cron).cron;
      this.crons.set(s.scheduleId, c);
    }
    return c;
  }

  /** Moves a message to its final state's place: the finished list and, when it failed, the DLQ. */
  finish(m: MessageRecord, now: number): void {
    m.finishedAt = now;
    this.messages.delete(m.messageId);
    this.finished.set(m.messageId, m);
    if (this.finished.size > FINISHED_CAP) {
      const oldest = this.finished.keys().next().value;
      if (oldest !== undefined) this.finished.delete(oldest);
    }
    if (m.state === "FAILED" && m.dlqId) {
      m.dlqAt = now;
      m.dlqSeq = ++this.dlqSeq;
      this.dlq.set(m.dlqId, m);
      if (this.dlq.size > this.dlqCap) {
        const oldest = this.dlq.keys().next().value;
        if (oldest !== undefined) this.dlq.delete(oldest);
      }
    }
  }

  lagOf(queue: string): number {
    let n = 0;
    for (const m of this.messages.values()) if (m.queueName === queue) n++;
    return n;
  }

  /**
   * Drops expired dedup entries; cheap enough to call on each publish. Every
   * entry gets the same window, so the Map's insertion order is expiry order:
   * stop at the first live entry instead of scanning them all.
   */
  pruneDedup(now: number): void {
    for (const [k, v] of this.dedup) {
      if (v.expiresAt > now) return;
      this.dedup.delete(k);
    }
  }

  snapshot(): Snapshot {
    return {
      version: 1,
      keys: this.keys,
      urlGroups: [...this.urlGroups.values()],
      queues: [...this.queues.values()],
      schedules: [...this.schedules.values()],
      messages: [...this.messages.values()],
      dlq: [...this.dlq.values()],
      flowKeys: [...this.flow.keys.values()],
      workflowRuns: this.workflows.snapshot(),
    };
  }

  restore(s: Snapshot): void {
    if (s.version !== 1) throw new Error(`unsupported devserver data file version ${String(s.version)}`);
    this.keys = s.keys;
    for (const g of s.urlGroups) this.urlGroups.set(g.name, g);
    for (const q of s.queues) this.queues.set(q.name, q);
    for (const sc of s.schedules) this.schedules.set(sc.scheduleId, sc);
    for (const m of s.messages) {
      // An attempt that was in flight when the process died is retried, as QStash would.
      if (m.state === "ACTIVE") m.state = "RETRY";
      this.messages.set(m.messageId, m);
    }
    for (const m of s.dlq ?? []) {
      if (m.dlqId) this.dlq.set(m.dlqId, m);
      this.dlqSeq = Math.max(this.dlqSeq, m.dlqSeq ?? 0);
    }
    for (const k of s.flowKeys ?? []) this.flow.keys.set(k.key, k);
    this.workflows.restore(s.workflowRuns);
  }

  reset(): void {
    this.urlGroups.clear();
    this.queues.clear();
    this.schedules.clear();
    this.messages.clear();
    this.finished.clear();
    this.dlq.clear();
    this.logs.clear();
    this.flow.clear();
    this.crons.clear();
    this.dedup.clear();
    this.workflows.clear();
  }
}
