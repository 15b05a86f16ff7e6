/** The stored state of Upstash Workflow runs: what the store keeps and `--data` persists. */
import type { CallbackConfig, FlowControl } from "../message-headers.js";
import type { WorkflowCallType, WorkflowHeaders } from "./tag.js";

/** One entry of a run's step list, exactly as deliveries and `GET /v2/workflows/runs/{id}` carry it (ledger W2). */
export interface RawStep {
  messageId: string;
  /** Base64: the initial body for the first entry, a step's JSON for the others. */
  body: string;
  callType: WorkflowCallType;
}

export type RunState = "RUN_STARTED" | "RUN_SUCCESS" | "RUN_FAILED" | "RUN_CANCELED";

/** A run waiting for an event (`context.waitForEvent`): what `POST /v2/wait/{eventId}` registered. */
export interface WaiterRecord {
  eventId: string;
  url: string;
  /** Unix ms (virtual clock). */
  deadline: number;
  /** The wait request's `timeout`, as given ("10s"). */
  timeout: string;
  headers: Record<string, string[]>;
  timeoutUrl?: string;
  timeoutHeaders?: Record<string, string[]>;
  /** The step the SDK expects back (stepId, stepName, stepType, concurrent, targetStep). */
  step: Record<string, unknown>;
  /** The delayed message that delivers the timeout unless an event comes first. */
  timeoutMessageId: string;
}

/** What a run's trigger set for every later step (ledger W4). */
export interface RunConfig {
  /** Forwarded headers of the trigger (the user's headers, the SDK's own `Upstash-Workflow-*`). */
  header: Record<string, string[]>;
  retries?: number;
  retryDelayExpression?: string;
  flowControl?: FlowControl;
  failureCallback?: string;
  failureCallbackConfig?: CallbackConfig;
  labels?: string[];
}

export interface WorkflowRunRecord {
  runId: string;
  url: string;
  /** Unix ms (virtual clock). */
  createdAt: number;
  state: RunState;
  completedAt?: number;
  /** What the last step returned (`DELETE /v2/workflows/runs/{id}` body). */
  response?: string;
  steps: RawStep[];
  config: RunConfig;
  waiters: WaiterRecord[];
  /** Events notified by run id before the run waited for them (lookback). */
  pendingEvents?: Record<string, string>;
  /** The failed step's DLQ entry and message. */
  dlqId?: string;
  failedMessageId?: string;
  /** The workflow headers the trigger gave its failure callback, for every later step. */
  failureTag?: WorkflowHeaders;
  failureFunction?: {
    messageId: string;
    state: "CALLBACK_INPROGRESS" | "CALLBACK_SUCCESS" | "CALLBACK_FAIL";
  };
  /** Set on runs started by `context.invoke`. */
  invoker?: {
    runId: string;
    url: string;
    createdAt: number;
    step: Record<string, unknown>;
    headers: Record<string, string[]>;
  };
}

/** Ended runs kept for `client.logs()` beyond this many runs are dropped, oldest first. */
const RUN_CAP = 10_000;

/** Every run by id, in creation order. */
export class WorkflowRuns {
  readonly byId = new Map<string, WorkflowRunRecord>();

  get(runId: string): WorkflowRunRecord | undefined {
    return this.byId.get(runId);
  }

  add(run: WorkflowRunRecord): void {
    this.byId.set(run.runId, run);
    if (this.byId.size <= RUN_CAP + RUN_CAP / 10) return;
    // in chunks, so the cost of dropping stays amortised; running runs are never dropped
    for (const [id, r] of this.byId) {
      if (this.byId.size <= RUN_CAP) break;
      if (r.state !== "RUN_STARTED") this.byId.delete(id);
    }
  }

  snapshot(): WorkflowRunRecord[] {
    return [...this.byId.values()];
  }

  restore(runs: WorkflowRunRecord[] | undefined): void {
    for (const r of runs ?? []) this.byId.set(r.runId, r);
  }

  clear(): void {
    this.byId.clear();
  }
}
