/**
 * URL groups, schedules and a queue, configured per stack (Pulumi.dev.yaml,
 * Pulumi.prod.yaml). Change a value in a stack file and `pulumi up` updates the
 * schedule in place: same schedule id, no delete/create, no missed run.
 *
 * Pulumi calls the exported function (project mode and Automation API alike).
 */
import * as pulumi from "@pulumi/pulumi";
import { Queue, Schedule, UrlGroup } from "pulumi-qstash";

export default async () => {
  const config = new pulumi.Config();
  // Public base URL of the app that receives deliveries, e.g. https://your-app.vercel.app
  const appUrl = config.require("appUrl").replace(/\/$/, "");
  const env = pulumi.getStack();

  // One publish to "orders" fans out to every endpoint. Endpoint changes are
  // applied with the minimal add/remove calls.
  const orders = new UrlGroup("orders", {
    name: `orders-${env}`,
    endpoints: [
      { name: "api", url: `${appUrl}/api/qstash` },
      { name: "audit", url: `${appUrl}/api/audit` },
    ],
  });

  // Work triggered by the schedules runs through this queue, at most
  // `parallelism` at a time.
  const jobs = new Queue("jobs", {
    name: `jobs-${env}`,
    parallelism: config.getNumber("queueParallelism") ?? 1,
  });

  // Every field of a schedule updates in place: cron, body, pause, labels...
  const report = new Schedule("nightly-report", {
    destination: `${appUrl}/api/qstash`,
    cron: config.get("reportCron") ?? "CRON_TZ=Europe/Berlin 0 2 * * *",
    body: JSON.stringify({ task: "nightly-report", env }),
    headers: { "X-Report-Token": config.requireSecret("reportToken") }, // stored as a secret
    retries: config.getNumber("retries") ?? 3,
    retryDelay: "pow(2, retried) * 1000",
    timeout: "30s",
    // Pausing keeps the schedule (and its id); resume by setting it back to false.
    paused: config.getBoolean("pauseReports") ?? false,
    labels: config.getObject<string[]>("labels") ?? [env],
    // QStash calls these with the outcome of each delivery / after the last retry.
    callback: `${appUrl}/api/qstash-callback`,
    failureCallback: `${appUrl}/api/qstash-failed`,
    // At most `parallelism` deliveries in flight and `rate` per `period`
    // across every message that shares the key.
    flowControl: {
      key: `reports-${env}`,
      parallelism: config.getNumber("reportParallelism") ?? 1,
      rate: config.getNumber("reportRate") ?? 10,
      period: "1m",
    },
  });

  // A schedule can target a URL group (the resource or its name) and go through a queue.
  const fanout = new Schedule("hourly-sync", {
    destination: orders,
    cron: config.get("syncCron") ?? "0 * * * *",
    method: "PUT",
    body: JSON.stringify({ task: "sync", env }),
    queueName: jobs.name,
    labels: ["sync", env],
  });

  return {
    urlGroup: orders.name,
    queue: jobs.name,
    reportScheduleId: report.scheduleId,
    syncScheduleId: fanout.scheduleId,
    reportPaused: report.paused,
  };
};
