/**
 * A run as `GET /v2/workflows/events?groupBy=workflowRunId` reports it (`client.logs()` of
 * the workflow SDK): its state, and its steps grouped as the SDK's `WorkflowRunLog` types
 * them. Ledger W8.
 */
import type { MessageRecord } from "../records.js";
import type { RawStep, WorkflowRunRecord } from "./runs.js";

interface StepJson {
  stepId?: number;
  stepName?: string;
  stepType?: string;
  concurrent?: number;
  targetStep?: number;
  out?: unknown;
  [field: string]: unknown;
}

function decode(raw: RawStep): StepJson | undefined {
  try {
    return JSON.parse(Buffer.from(raw.body, "base64").toString("utf8")) as StepJson;
  } catch {
    return undefined;
  }
}

/** A pending message of the run, as the "next" group shows it. */
function nextStep(m: MessageRecord): Record<string, unknown> {
  return {
    messageId: m.messageId,
    state: m.state === "RETRY" ? "STEP_RETRY" : "STEP_PROGRESS",
    retries: m.spec.retries,
    ...(m.spec.retryDelayExpression ? { retryDelay: m.spec.retryDelayExpression } : {}),
  };
}

export function runLogJson(
  run: WorkflowRunRecord,
  pending: MessageRecord[],
  failed: MessageRecord | undefined,
): Record<string, unknown> {
  const groups: Record<string, unknown>[] = [];
  let parallel: Record<string, unknown>[] = [];
  let parallelSize = 0;
  const waiting = new Set(pending.map((m) => m.messageId));
  for (const raw of run.steps.slice(1)) {
    // a step whose message is not delivered yet (a sleep) shows under "next"
    if (raw.callType !== "step" || waiting.has(raw.messageId)) continue;
    const step = decode(raw);
    // plan steps (stepId 0) only announce parallel work; their results are what the run did
    if (!step?.stepId) continue;
    const log: Record<string, unknown> = {
      ...step,
      callType: raw.callType,
      messageId: raw.messageId,
      state: "STEP_SUCCESS",
      concurrent: step.concurrent ?? 1,
    };
    if ((step.concurrent ?? 1) > 1) {
      parallel.push(log);
      parallelSize = step.concurrent!;
      if (parallel.length === parallelSize) {
        groups.push({ type: "parallel", steps: parallel });
        parallel = [];
      }
    } else groups.push({ type: "sequential", steps: [log] });
  }
  const next = pending.map(nextStep);
  if (failed) next.push({ messageId: failed.messageId, state: "STEP_FAILED", retries: failed.spec.retries });
  if (parallel.length) groups.push({ type: "parallel", steps: parallel });
  if (next.length) groups.push({ type: "next", steps: next });
  const out: Record<string, unknown> = {
    workflowRunId: run.runId,
    workflowUrl: run.url,
    workflowState: run.state,
    workflowRunCreatedAt: run.createdAt,
    steps: groups,
  };
  if (run.completedAt !== undefined) out.workflowRunCompletedAt = run.completedAt;
  if (run.response !== undefined) out.workflowRunResponse = run.response;
  if (run.dlqId) out.dlqId = run.dlqId;
  if (run.config.labels?.length) out.label = run.config.labels[0];
  if (run.invoker)
    out.invoker = {
      workflowRunId: run.invoker.runId,
      workflowUrl: run.invoker.url,
      workflowRunCreatedAt: run.invoker.createdAt,
    };
  if (run.failureFunction && run.config.failureCallback)
    out.failureFunction = {
      messageId: run.failureFunction.messageId,
      url: run.config.failureCallback,
      state: run.failureFunction.state,
      ...(run.dlqId ? { dlqId: run.dlqId } : {}),
    };
  return out;
}
