import type { MessageSpec } from "./message-headers.js";
import type { MessageRecord, ResponseRecord } from "./records.js";

/**
 * The settings of the callback message QStash sends after an attempt (`Upstash-Callback`)
 * or once retries are exhausted (`Upstash-Failure-Callback`): a JSON body describing the
 * attempt's response and the source message, sent with the `Upstash-(Failure-)Callback-*`
 * options.
 */
export function callbackSpec(m: MessageRecord, response: ResponseRecord, failure: boolean): MessageSpec {
  const cfg = failure ? m.spec.failureCallbackConfig : m.spec.callbackConfig;
  const payload: Record<string, unknown> = {
    status: response.status,
    header: response.header,
    body: response.body,
    retried: m.retried,
    maxRetries: m.spec.retries,
    sourceMessageId: m.messageId,
    url: m.url,
    method: m.spec.method,
    sourceHeader: m.spec.header,
    sourceBody: m.spec.body,
    notBefore: String(m.dueAt),
    createdAt: String(m.createdAt),
    callerIP: m.callerIP,
  };
  if (m.topicName) payload.topicName = m.topicName;
  if (m.endpointName) payload.endpointName = m.endpointName;
  if (m.scheduleId) payload.scheduleId = m.scheduleId;
  if (failure && m.dlqId) payload.dlqId = m.dlqId;
  const spec: MessageSpec = {
    method: cfg?.method ?? "POST",
    header: { "Content-Type": ["application/json"], ...(cfg?.header ?? {}) },
    body: Buffer.from(JSON.stringify(payload)).toString("base64"),
    // "Default is same as original message retries" (ledger H2)
    retries: cfg?.retries ?? m.spec.retries,
  };
  if (cfg?.timeout !== undefined) spec.timeout = cfg.timeout;
  if (cfg?.delay !== undefined) spec.delay = cfg.delay;
  if (cfg?.retryDelayExpression) spec.retryDelayExpression = cfg.retryDelayExpression;
  // a workflow step's callbacks go back to its run (devserver/workflow/service.ts)
  if (m.spec.workflow) spec.workflow = { ...m.spec.workflow, role: failure ? "failureCallback" : "callback" };
  return spec;
}
