import type { DevServerLimits } from "./context.js";
import type { DeliveryRecord } from "./engine.js";
import type { FaultConfig, Faults } from "./faults.js";
import type { RequestLog } from "./request-log.js";
import type { WorkflowRunRecord } from "./workflow/runs.js";

/**
 * Options of {@link startDevServer}. Everything is optional: with none, the server listens
 * on 127.0.0.1:8080 with the official dev server's token and signing keys.
 */
export interface DevServerOptions {
  /** TCP port; 0 picks a free one. Default 8080 (where `QSTASH_DEV=true` clients look). */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** API token clients must present. Default: the official dev token. */
  token?: string;
  /** Initial signing keys. Default: the official dev keys (a data file's keys win). */
  currentSigningKey?: string;
  nextSigningKey?: string;
  /** Persist state to this JSON file, written atomically before each acknowledgement. */
  dataFile?: string;
  /**
   * Multiplies every retry delay (QStash's `e^(2.5n)` s backoff, `Upstash-Retry-Delay`,
   * `Retry-After`). Default 0.01, so the first retry comes after ~120 ms instead of 12 s.
   */
  retryDelayScale?: number;
  /** Replace the backoff entirely: retries so far (1 after the first failure) → ms. */
  retryBackoff?: (retried: number) => number;
  /** Delivery timeout when a message sets no `Upstash-Timeout`. Default 30 s. */
  deliveryTimeoutMs?: number;
  /** `Upstash-Retries` when a request gives none. Default 3. */
  defaultRetries?: number;
  /** Scheduler tick: how often due schedules and retries are checked. Default 250 ms. */
  tickMs?: number;
  /** Faults and rate limit active from the start. */
  faults?: FaultConfig;
  /** Plan limits that answer 412. None by default. */
  limits?: DevServerLimits;
  /** Send `Upstash-Region: <region>` with deliveries (e.g. `EU-CENTRAL-1`). Off by default. */
  region?: string;
  /** How many API requests the request log keeps at least (the oldest are dropped in chunks past it). Default 10 000. */
  requestLogCapacity?: number;
  /** How many entries `GET /v2/logs` keeps (oldest dropped first). Default 10 000. */
  logCapacity?: number;
  /** How many entries the DLQ keeps (oldest dropped first). Default 10 000. */
  dlqCapacity?: number;
  /** Human-readable log lines (requests, failures). Default: silent. */
  logger?: (line: string) => void;
  /**
   * Upstash Workflow: a step list larger than this many bytes of JSON is delivered empty and
   * the SDK fetches it from `GET /v2/workflows/runs/{id}` (its `LazyFetch` feature). Default 256 KiB.
   */
  workflowLazyFetchBytes?: number;
}

/** What a `POST /__dev/clock` or `clock.advance()` fired. */
export interface FiredSchedule {
  scheduleId: string;
  messageIds: string[];
}

/** Everything stored, in the same JSON shapes the API returns. */
export interface DevServerInventory {
  keys: { current: string; next: string };
  urlGroups: Record<string, unknown>[];
  schedules: Record<string, unknown>[];
  queues: Record<string, unknown>[];
  /** Messages not yet delivered or failed, with their state and attempts so far. */
  pendingMessages: Record<string, unknown>[];
  /** Recently finished messages (delivered, failed, cancelled). */
  finishedMessages: Record<string, unknown>[];
  /** Dead-lettered messages, as `GET /v2/dlq` shows them (newest last). */
  dlq: Record<string, unknown>[];
  /** Upstash Workflow runs as stored (steps, settings, waiters), oldest first. */
  workflowRuns: WorkflowRunRecord[];
}

/** Test controls over virtual time and the scheduler. */
export interface DevServerClock {
  /** Virtual now, unix ms. Starts at real time; only moves forward. */
  now(): number;
  /** Move virtual time forward, fire due schedules, start due deliveries. */
  advance(ms: number): FiredSchedule[];
  /** Fire due schedules now (e.g. after setting time), returns what fired. */
  fireDue(): FiredSchedule[];
  /** Fire one schedule immediately regardless of its cron; 404-style error if unknown. Paused ones fire too. */
  trigger(scheduleId: string): string[];
}

/**
 * A running devserver. `currentSigningKey`/`nextSigningKey` follow rotations.
 */
export interface DevServer {
  /** Base URL, e.g. `http://127.0.0.1:8080` (no trailing slash). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly currentSigningKey: string;
  readonly nextSigningKey: string;
  /** Every `/v2` API request (not `/__dev`), without tokens or query strings. */
  readonly requestLog: RequestLog;
  /** Fault injection and burst rate limit; `faults.set({...})`, `faults.clear()`. */
  readonly faults: Faults;
  readonly clock: DevServerClock;
  /** Every delivery attempt (destinations and callbacks), oldest first, bounded. */
  readonly deliveries: readonly DeliveryRecord[];
  inventory(): DevServerInventory;
  /** Wait until no delivery is in flight or due (see `Engine.settle`). */
  settle(timeoutMs?: number): Promise<{ settled: boolean; pending: number }>;
  /** Drop all URL groups, schedules, queues and messages; clear the request log and faults. Keys stay. */
  reset(): Promise<void>;
  close(): Promise<void>;
}
