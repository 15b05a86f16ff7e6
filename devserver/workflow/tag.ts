/**
 * What marks a message as part of an Upstash Workflow run: the `Upstash-Workflow-*` and
 * `Upstash-Feature-Set` headers the workflow SDK puts on each publish (ledger W1), and the
 * same headers under `Upstash-Callback-` and `Upstash-Failure-Callback-` for the messages
 * QStash sends back after a `context.call` or once a step has failed for good.
 */
import type { HeaderBag } from "../message-headers.js";

/** How a workflow message relates to its run (`Upstash-Workflow-CallType`). */
export type WorkflowCallType = "step" | "toCallback" | "fromCallback" | "failureCall";

/** The workflow headers of one message, or of the callback it will produce. */
export interface WorkflowHeaders {
  runId: string;
  /** The workflow endpoint (`Upstash-Workflow-Url`). */
  url?: string;
  callType: WorkflowCallType;
  /** `Upstash-Feature-Set`, split. */
  features: string[];
}

/** Stored on a message's spec (JSON-safe, persisted with it). */
export interface WorkflowTag extends WorkflowHeaders {
  /** `Upstash-Workflow-Init: true`: the message that starts the run. */
  init: boolean;
  /** `Upstash-Workflow-Invoke: true`: started by another run's `context.invoke`. */
  invoke?: boolean;
  /** The workflow headers of this message's callback (`context.call`). */
  callback?: WorkflowHeaders;
  /** The workflow headers of this message's failure callback (the run's failure function). */
  failure?: WorkflowHeaders;
  /** Set on the callback messages the engine makes from a workflow message. */
  role?: "callback" | "failureCallback";
}

const CALL_TYPES = new Set<WorkflowCallType>(["step", "toCallback", "fromCallback", "failureCall"]);

/** The first value: a request may repeat a workflow header (the SDK's wait request does). */
function one(bag: HeaderBag, name: string): string | undefined {
  return bag.get(name)?.[0]?.trim();
}

function headersAt(bag: HeaderBag, prefix: string): WorkflowHeaders | undefined {
  const runId = one(bag, `${prefix}workflow-runid`);
  if (!runId) return undefined;
  const h: WorkflowHeaders = {
    runId,
    callType: callTypeOf(one(bag, `${prefix}workflow-calltype`)),
    features: (one(bag, `${prefix}feature-set`) ?? "")
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean),
  };
  const url = one(bag, `${prefix}workflow-url`);
  if (url) h.url = url;
  return h;
}

function callTypeOf(v: string | undefined): WorkflowCallType {
  // The SDK leaves the header out on ordinary steps (ledger W1).
  return v && CALL_TYPES.has(v as WorkflowCallType) ? (v as WorkflowCallType) : "step";
}

/** The workflow tag of a publish, or undefined when it carries no `Upstash-Workflow-RunId`. */
export function parseWorkflowTag(bag: HeaderBag): WorkflowTag | undefined {
  const own = headersAt(bag, "upstash-");
  if (!own) return undefined;
  const tag: WorkflowTag = { ...own, init: one(bag, "upstash-workflow-init")?.toLowerCase() === "true" };
  if (one(bag, "upstash-workflow-invoke")?.toLowerCase() === "true") tag.invoke = true;
  const callback = headersAt(bag, "upstash-callback-");
  if (callback) tag.callback = callback;
  const failure = headersAt(bag, "upstash-failure-callback-");
  if (failure) tag.failure = failure;
  return tag;
}
