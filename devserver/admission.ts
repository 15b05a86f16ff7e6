import type { FlowKeyRecord } from "./flow-control.js";
import type { MessageRecord, QueueRecord } from "./records.js";

/**
 * Which pending messages may start, as a pure function: the other half of a delivery's
 * state machine beside `transition` (delivery.ts). The engine hands over what it holds,
 * `admit` decides, and the engine applies the decision (marks the messages ACTIVE, sends
 * them, stores the rate windows). Nothing here reads a clock or changes a record.
 */

/** A key's rate window: the starts counted in it, and when it began (virtual unix ms). */
export interface RateWindow {
  count: number;
  start: number;
}

/** The window a key's record holds. */
export function recordedWindow(k: Pick<FlowKeyRecord, "rateCount" | "ratePeriodStart">): RateWindow {
  return { count: k.rateCount, start: k.ratePeriodStart };
}

/** The window that holds `now`: `w` itself, or a fresh empty one from `now` once `w` has ended. */
export function windowAt(w: RateWindow, periodSeconds: number, now: number): RateWindow {
  return now >= w.start + periodSeconds * 1000 ? { count: 0, start: now } : w;
}

/**
 * Until when key `k` starts nothing, seen at `now`: never while it is paused, the end of
 * its rate window while that window is used up, otherwise 0 (a key without a record has
 * no limits). Parallelism is left out: it frees when a delivery ends, not at a time.
 */
export function blockedUntil(k: FlowKeyRecord | undefined, now: number): number {
  if (!k) return 0;
  if (k.paused) return Number.POSITIVE_INFINITY;
  if (!k.rate) return 0;
  const w = windowAt(recordedWindow(k), k.period, now);
  return w.count >= k.rate ? w.start + k.period * 1000 : 0;
}

/** What the decision reads. */
export interface AdmissionInput {
  /** Every pending message by id, running ones included, in arrival order (FIFO within a queue). */
  messages: ReadonlyMap<string, MessageRecord>;
  queues: ReadonlyMap<string, Pick<QueueRecord, "parallelism" | "paused">>;
  flowKeys: ReadonlyMap<string, FlowKeyRecord>;
  /** Most messages running at once across all keys; no limit when undefined. */
  globalParallelism?: number | undefined;
}

/** What the engine applies. */
export interface Admission {
  /** The messages to start now, in arrival order. */
  start: MessageRecord[];
  /** The rate windows of the keys that counted a start, by key, to store on the key records. */
  windows: Map<string, RateWindow>;
}

/** The running messages (ACTIVE) and the queue slots held (ACTIVE or RETRY: a retry keeps its slot). */
function inFlight(messages: ReadonlyMap<string, MessageRecord>) {
  const queues = new Map<string, number>();
  const keys = new Map<string, number>();
  let active = 0;
  for (const m of messages.values()) {
    if (m.state !== "ACTIVE" && m.state !== "RETRY") continue;
    if (m.queueName) queues.set(m.queueName, (queues.get(m.queueName) ?? 0) + 1);
    if (m.state !== "ACTIVE") continue;
    active++;
    const fk = m.spec.flowControl?.key;
    if (fk) keys.set(fk, (keys.get(fk) ?? 0) + 1);
  }
  return { queues, keys, active };
}

/**
 * The pending messages that start at `now`, in arrival order, within the global
 * parallelism, their queue's parallelism (default 1; a paused queue starts nothing) and
 * their flow-control key's pause, parallelism and rate per period.
 *
 * A queue's slots go to its oldest messages: one in retry keeps its slot while it waits,
 * and one not yet due takes a slot too, so with parallelism 1 a queue stays FIFO. A
 * message that its key holds back still takes its queue slot for this round.
 */
export function admit(input: AdmissionInput, now: number): Admission {
  const { queues, flowKeys, globalParallelism } = input;
  const busy = inFlight(input.messages);
  const start: MessageRecord[] = [];
  const windows = new Map<string, RateWindow>();
  let active = busy.active;
  for (const m of input.messages.values()) {
    if (m.state === "ACTIVE") continue;
    if (globalParallelism !== undefined && active >= globalParallelism) break;
    if (m.queueName) {
      const q = queues.get(m.queueName);
      if (q?.paused) continue;
      const used = busy.queues.get(m.queueName) ?? 0;
      const slotHeld = m.state === "RETRY";
      if (!slotHeld) {
        if (used >= (q?.parallelism ?? 1)) continue;
        busy.queues.set(m.queueName, used + 1);
      }
      if (m.dueAt > now) continue;
    } else if (m.dueAt > now) continue;
    const fk = m.spec.flowControl?.key;
    if (fk) {
      const running = busy.keys.get(fk) ?? 0;
      const k = flowKeys.get(fk);
      if (k) {
        if (k.paused) continue;
        if (k.parallelism && running >= k.parallelism) continue;
        if (k.rate) {
          const w = windowAt(windows.get(fk) ?? recordedWindow(k), k.period, now);
          if (w.count >= k.rate) continue;
          windows.set(fk, { count: w.count + 1, start: w.start });
        }
      }
      busy.keys.set(fk, running + 1);
    }
    start.push(m);
    active++;
  }
  return { start, windows };
}
