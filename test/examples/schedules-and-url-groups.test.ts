/**
 * examples/schedules-and-url-groups: the program with its dev stack file runs
 * against a devserver, deliveries (and their callbacks) reach a handler that
 * verifies them, and switching to the prod stack file's values updates every
 * schedule in place (same ids, nothing replaced), including a pause.
 */
import { type DevServer, startDevServer } from "pulumi-qstash/devserver";
import { Receiver, verifyFetchRequest } from "pulumi-qstash/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStack, type TestStack } from "../support/stack.ts";
import { loadExampleProgram, projectName, type Served, serveFetch, stackConfig } from "./support.js";

const DIR = "schedules-and-url-groups";
const project = projectName(DIR);
const key = (k: string) => `${project}:${k}`;

describe("examples/schedules-and-url-groups", () => {
  let dev: DevServer;
  let app: Served;
  let t: TestStack;
  const schedule = (suffix: string) =>
    dev.inventory().schedules.find((s) => String(s.destination).endsWith(suffix)) as Record<string, any>;

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: "examples-token-5d1e" });
    const receiver = new Receiver({
      currentSigningKey: dev.currentSigningKey,
      nextSigningKey: dev.nextSigningKey,
    });
    // The app behind `appUrl`: every route verifies before answering.
    app = await serveFetch(() => async (request) => {
      const delivery = await verifyFetchRequest(request, { receiver }).catch(() => undefined);
      return delivery ? Response.json({ ok: true }) : Response.json({ error: "unsigned" }, { status: 401 });
    });
    const config = {
      ...stackConfig(DIR, "dev"),
      "qstash:url": { value: dev.url },
      "qstash:token": { value: dev.token, secret: true },
      [key("appUrl")]: { value: app.url },
      [key("reportToken")]: { value: "report-token-0ff1ce", secret: true },
    };
    t = await createStack({ project, stack: "dev", program: await loadExampleProgram(DIR), config });
  });

  afterAll(async () => {
    await t?.dispose();
    await app?.close();
    await dev?.close();
  });

  it("the dev stack creates the URL group, queue and both schedules as configured", async () => {
    const up = await t.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ create: 5 }); // 4 resources + the stack
    const inv = dev.inventory();
    expect(inv.urlGroups.map((g) => g.name)).toEqual(["orders-dev"]);
    expect((inv.urlGroups[0]!.endpoints as unknown[]).length).toBe(2);
    expect(inv.queues[0]).toMatchObject({ name: "jobs-dev", parallelism: 1 });
    expect(schedule("/api/qstash")).toMatchObject({
      cron: "*/5 * * * *",
      retries: 1,
      isPaused: false,
      callback: `${app.url}/api/qstash-callback`,
      failureCallback: `${app.url}/api/qstash-failed`,
      flowControlKey: "reports-dev",
      parallelism: 1,
      rate: 10,
    });
    expect(schedule("/api/qstash").labels ?? [schedule("/api/qstash").label]).toEqual(["dev", "reports"]);
    expect(schedule("orders-dev")).toMatchObject({
      cron: "*/15 * * * *",
      method: "PUT",
      queueName: "jobs-dev",
    });
    expect(up.outputs.reportScheduleId?.value).toBe(schedule("/api/qstash").scheduleId);
  });

  it("a fired schedule reaches the app verified, and so does its callback", async () => {
    dev.clock.trigger(schedule("/api/qstash").scheduleId);
    await dev.settle(10_000);
    const paths = app.seen.filter((s) => s.status === 200).map((s) => s.path);
    expect(paths).toContain("/api/qstash");
    expect(paths).toContain("/api/qstash-callback");
    expect(app.seen.filter((s) => s.status !== 200)).toEqual([]);
  });

  it("the URL-group schedule fans out to both endpoints through the queue", async () => {
    app.seen.length = 0;
    dev.clock.trigger(schedule("orders-dev").scheduleId);
    await dev.settle(10_000);
    expect(app.seen.map((s) => `${s.status} ${s.path}`).sort()).toEqual([
      "200 /api/audit",
      "200 /api/qstash",
    ]);
  });

  it("the prod stack file's values (and a pause) update every schedule in place", async () => {
    const ids = dev
      .inventory()
      .schedules.map((s) => s.scheduleId)
      .sort();
    const prod = stackConfig(DIR, "prod");
    for (const k of [
      "reportCron",
      "syncCron",
      "retries",
      "queueParallelism",
      "reportParallelism",
      "reportRate",
      "labels",
    ])
      await t.stack.setConfig(key(k), prod[key(k)]!);
    await t.stack.setConfig(key("pauseReports"), { value: "true" });
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ update: 3, same: 2 }); // 2 schedules + queue
    expect(
      dev
        .inventory()
        .schedules.map((s) => s.scheduleId)
        .sort(),
    ).toEqual(ids);
    expect(schedule("/api/qstash")).toMatchObject({
      cron: "CRON_TZ=Europe/Berlin 0 2 * * *",
      retries: 5,
      isPaused: true,
      parallelism: 2,
      rate: 60,
    });
    expect(dev.inventory().queues[0]).toMatchObject({ parallelism: 4 });
    expect(up.outputs.reportPaused?.value).toBe(true);
    // unchanged program and config: nothing to do
    const pv = await t.preview();
    expect(pv.changeSummary).toEqual({ same: 5 });
  });

  it("the secret header reaches QStash but never the state file", () => {
    expect(JSON.stringify(schedule("/api/qstash").header)).toContain("report-token-0ff1ce");
    expect(t.stateFileText()).not.toContain("report-token-0ff1ce");
    expect(t.stateFileText()).not.toContain(dev.token);
  });

  it("destroy removes everything it created", async () => {
    await t.destroy();
    const inv = dev.inventory();
    expect([inv.urlGroups, inv.schedules, inv.queues]).toEqual([[], [], []]);
  });
});
