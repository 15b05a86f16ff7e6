/** The devserver's stored records: what the store keeps and `--data` persists. */
import type { FlowKeyRecord } from "./flow-control.js";
import type { MessageSpec } from "./message-headers.js";
import type { WorkflowRunRecord } from "./workflow/runs.js";

/** One endpoint of a URL group, exactly the wire shape. */
export interface EndpointRecord {
  name?: string;
  url: string;
}

export interface UrlGroupRecord {
  name: string;
  createdAt: number;
  updatedAt: number;
  endpoints: EndpointRecord[];
}

export interface QueueRecord {
  name: string;
  createdAt: number;
  updatedAt: number;
  parallelism: number;
  paused: boolean;
}

export interface ScheduleRecord {
  scheduleId: string;
  createdAt: number;
  cron: string;
  destination: string;
  spec: MessageSpec;
  isPaused: boolean;
  callerIP: string;
  nextScheduleTime?: number;
  lastScheduleTime?: number;
  lastScheduleStates: Record<string, string>;
}

export type MessageState = "CREATED" | "ACTIVE" | "RETRY" | "DELIVERED" | "FAILED" | "CANCELLED";

/** One message: a delivery to one URL (a URL-group publish makes one per endpoint). */
export interface MessageRecord {
  messageId: string;
  url: string;
  topicName?: string;
  endpointName?: string;
  scheduleId?: string;
  queueName?: string;
  spec: MessageSpec;
  createdAt: number;
  /** ms; the earliest time of the next attempt. */
  dueAt: number;
  state: MessageState;
  /** Attempts made so far that failed (the next delivery carries `Upstash-Retried: retried`). */
  retried: number;
  callerIP: string;
  /** Set on callback messages so they never produce further callbacks. */
  callbackOf?: string;
  dlqId?: string;
  /** Unix ms (virtual clock) when it entered the DLQ, and its place there (cursors count down from the newest). */
  dlqAt?: number;
  dlqSeq?: number;
  /** Unix ms (virtual clock) when it reached a final state. */
  finishedAt?: number;
  lastStatus?: number;
  lastError?: string;
  /** The last failed attempt's response, for the DLQ entry and the ERROR log. */
  response?: ResponseRecord;
}

/** A destination's answer: status (0 when the connection failed), headers and body (base64). */
export interface ResponseRecord {
  status: number;
  header: Record<string, string[]>;
  body: string;
}

/**
 * What `--data FILE` holds: everything but delivered messages and logs. The DLQ, the
 * flow-control keys (pauses, pins) and workflow runs came later, so older files lack them.
 */
export interface Snapshot {
  version: 1;
  keys: { current: string; next: string };
  urlGroups: UrlGroupRecord[];
  queues: QueueRecord[];
  schedules: ScheduleRecord[];
  messages: MessageRecord[];
  dlq?: MessageRecord[];
  flowKeys?: FlowKeyRecord[];
  workflowRuns?: WorkflowRunRecord[];
}

/**
 * Copies each of `keys` whose value in `from` is set (truthy) onto `to`, in the order
 * given: optional record fields stay absent rather than `undefined`, in records and in
 * the JSON views alike.
 */
export function copySet<S, K extends keyof S>(to: { [P in K]?: S[P] }, from: S, keys: readonly K[]): void {
  for (const k of keys) if (from[k]) to[k] = from[k];
}
