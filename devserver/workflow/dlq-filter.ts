/**
 * The filters of the workflow DLQ (`GET /v2/dlq?source=workflow` and the resume, restart
 * and delete actions under `/v2/workflows/dlq`), as the workflow SDK sends them. A filter
 * the devserver does not know is refused by name rather than ignored: ignoring it would
 * make a bulk action reach every entry. Ledger W10.
 */
import { badRequest } from "../http-util.js";
import type { MessageRecord } from "../records.js";
import type { WorkflowRunRecord } from "./runs.js";

const FIELDS = [
  "dlqIds",
  "workflowRunId",
  "workflowUrl",
  "url",
  "workflowCreatedAt",
  "failureFunctionState",
  "label",
  "flowControlKey",
  "callerIp",
  "responseStatus",
  "fromDate",
  "toDate",
  "count",
  "cursor",
  "source",
];

export interface WorkflowDlqQuery {
  /** Exact entries; the other filters are then ignored. */
  dlqIds?: string[];
  keep: (m: MessageRecord, run: WorkflowRunRecord | undefined) => boolean;
  count?: number;
  cursor?: string;
}

function many(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

function time(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (Number.isNaN(n)) throw badRequest(`invalid ${name} "${v}": expected unix milliseconds`);
  return n;
}

export function parseWorkflowDlqQuery(query: string): WorkflowDlqQuery {
  const q = new URLSearchParams(query);
  for (const name of new Set(q.keys()))
    if (!FIELDS.includes(name))
      throw badRequest(
        `unknown filter "${name}": expected one of ${FIELDS.filter((f) => f !== "source").join(", ")}`,
      );
  const out: WorkflowDlqQuery = { keep: () => true };
  const ids = many(q, "dlqIds");
  if (ids.length) out.dlqIds = ids;
  const count = q.get("count");
  if (count !== null) {
    if (!/^\d+$/.test(count)) throw badRequest(`invalid count "${count}": expected a non-negative integer`);
    out.count = Number(count);
  }
  const cursor = q.get("cursor");
  if (cursor) out.cursor = cursor;
  const runId = q.get("workflowRunId");
  const urls = [...many(q, "workflowUrl"), ...many(q, "url")];
  const createdAt = q.get("workflowCreatedAt");
  const failureState = q.get("failureFunctionState");
  const labels = many(q, "label");
  const keys = many(q, "flowControlKey");
  const ips = many(q, "callerIp");
  const statuses = many(q, "responseStatus").map(Number);
  const from = time(q, "fromDate");
  const to = time(q, "toDate");
  out.keep = (m, run) => {
    if (runId && run?.runId !== runId) return false;
    if (urls.length && !urls.includes(run?.url ?? m.url)) return false;
    if (createdAt && String(run?.createdAt) !== createdAt) return false;
    if (failureState && run?.failureFunction?.state !== failureState) return false;
    if (labels.length && !m.spec.labels?.some((l) => labels.includes(l))) return false;
    if (keys.length && !keys.includes(m.spec.flowControl?.key ?? "")) return false;
    if (ips.length && !ips.includes(m.callerIP)) return false;
    if (statuses.length && !statuses.includes(m.response?.status ?? -1)) return false;
    const at = m.dlqAt ?? m.createdAt;
    if (from !== undefined && at < from) return false;
    if (to !== undefined && at > to) return false;
    return true;
  };
  return out;
}
