/**
 * A schedule that starts a run of the Upstash Workflow in workflow.ts every
 * night: the schedule's destination is the workflow endpoint, its body the
 * run's initial payload.
 *
 * Pulumi calls the exported function (project mode and Automation API alike).
 */
import * as pulumi from "@pulumi/pulumi";
import { Schedule } from "pulumi-qstash";

export default async () => {
  const config = new pulumi.Config();
  // Public base URL of the app serving the workflow, e.g. https://your-app.vercel.app
  const appUrl = config.require("appUrl").replace(/\/$/, "");
  const env = pulumi.getStack();

  const nightly = new Schedule("nightly-report-workflow", {
    destination: `${appUrl}/api/workflow/report`,
    cron: config.get("cron") ?? "CRON_TZ=Europe/Berlin 0 2 * * *",
    body: JSON.stringify({ task: "nightly-report", env }),
    contentType: "application/json",
    // retries of the trigger itself; each workflow step has its own
    retries: 3,
    labels: ["workflow", env],
  });

  return { scheduleId: nightly.scheduleId };
};
