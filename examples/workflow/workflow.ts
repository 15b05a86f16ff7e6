/**
 * An Upstash Workflow endpoint: a nightly report in three durable steps. QStash
 * (or the devserver) delivers each step; a failed step is retried on its own,
 * without running the steps before it again.
 *
 * Mount `reportWorkflow().handler` at the URL the schedule in index.ts calls
 * (any runtime with Fetch `Request`/`Response`; the SDK has adapters for
 * Next.js, Express, Hono and others). With no options it reads `QSTASH_URL`,
 * `QSTASH_TOKEN` and the signing keys from the environment.
 */
import { serve, type WorkflowServeOptions } from "@upstash/workflow";

export interface ReportRequest {
  task: string;
  env: string;
}

export interface Report {
  task: string;
  rows: number;
  summary: string;
}

export function reportWorkflow(options?: WorkflowServeOptions<ReportRequest, Report>) {
  return serve<ReportRequest, Request, Response, Report>(async (context) => {
    const { task, env } = context.requestPayload;
    // each step's result is stored by QStash; a retry of a later step reuses it
    const rows = await context.run("collect", () => (env === "prod" ? 1200 : 12));
    // wait for quieter hours without holding a connection open
    await context.sleep("settle", 300);
    const summary = await context.run("summarise", () => `${task}: ${rows} rows in ${env}`);
    return { task, rows, summary };
  }, options);
}
