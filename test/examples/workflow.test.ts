/**
 * examples/workflow: the Pulumi program creates a schedule whose destination is the
 * workflow endpoint; firing it starts a run of the example's `serve()` workflow on the
 * devserver, whose steps (a sleep among them) run once each and whose result the
 * workflow Client reads back.
 */
import { Client as QStashClient, Receiver as QStashReceiver } from "@upstash/qstash";
import { Client as WorkflowClient } from "@upstash/workflow";
import { type DevServer, startDevServer } from "pulumi-qstash/devserver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportWorkflow } from "../../examples/workflow/workflow.js";
import { createStack, type TestStack } from "../support/stack.ts";
import { loadExampleProgram, projectName, type Served, serveFetch, stackConfig } from "./support.js";

const DIR = "workflow";
const project = projectName(DIR);

describe("examples/workflow", () => {
  let dev: DevServer;
  let app: Served;
  let t: TestStack;

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: "examples-token-wf01" });
    const { handler } = reportWorkflow({
      qstashClient: new QStashClient({ baseUrl: dev.url, token: dev.token }),
      receiver: new QStashReceiver({
        currentSigningKey: dev.currentSigningKey,
        nextSigningKey: dev.nextSigningKey,
      }),
    });
    app = await serveFetch(() => handler);
    t = await createStack({
      project,
      stack: "dev",
      program: await loadExampleProgram(DIR),
      config: {
        ...stackConfig(DIR, "dev"),
        "qstash:url": { value: dev.url },
        "qstash:token": { value: dev.token, secret: true },
        [`${project}:appUrl`]: { value: app.url },
      },
    });
  });

  afterAll(async () => {
    await t?.dispose();
    await app?.close();
    await dev?.close();
  });

  it("the schedule starts workflow runs that finish with the report", async () => {
    const up = await t.up();
    expect(up.summary.result).toBe("succeeded");
    const schedule = dev.inventory().schedules[0] as Record<string, unknown>;
    expect(schedule.destination).toBe(`${app.url}/api/workflow/report`);
    expect(up.outputs.scheduleId?.value).toBe(schedule.scheduleId);

    dev.clock.trigger(String(schedule.scheduleId));
    await dev.settle(10_000);
    const client = new WorkflowClient({ baseUrl: dev.url, token: dev.token });
    let { runs } = await client.logs();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.workflowState).toBe("RUN_STARTED"); // asleep for 5 minutes
    const { workflowRunId } = runs[0]!;
    // (the dev stack's cron fires again meanwhile and starts a second run)
    dev.clock.advance(301_000);
    await dev.settle(10_000);
    ({ runs } = await client.logs({ workflowRunId }));
    expect(runs[0]!.workflowState).toBe("RUN_SUCCESS");
    expect(JSON.parse(runs[0]!.workflowRunResponse!)).toEqual({
      task: "nightly-report",
      rows: 12,
      summary: "nightly-report: 12 rows in dev",
    });
    const steps = runs[0]!.steps.flatMap((g) => g.steps as { stepName: string }[]).map((s) => s.stepName);
    expect(steps).toEqual(["collect", "settle", "summarise"]);
    // every delivery reached the handler signed and was accepted
    expect(app.seen.filter((s) => s.status !== 200)).toEqual([]);
  });
});
