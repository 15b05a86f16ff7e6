// Upstash Workflow on the devserver, with the real @upstash/workflow SDK: `serve()` handlers
// in a Node http app on 127.0.0.1 (and the SDK's Express adapter), real signed deliveries,
// the workflow Client for triggers, logs, notify, cancel and the DLQ. Each test checks the
// steps' results and order, the run's final state in client.logs, and that no step ran twice.
// Ledger section "Workflow" (W1-W10).
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client as QStashClient, Receiver as QStashReceiver } from "@upstash/qstash";
import {
  serve,
  Client as WorkflowClient,
  WorkflowNonRetryableError,
  type WorkflowRunLog,
} from "@upstash/workflow";
import { createWorkflow, serve as serveExpress, serveMany } from "@upstash/workflow/express";
import express from "express";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { type FetchHandler, startWorkflowApp, type WorkflowApp } from "../support/workflow-app.js";

let dev: DevServer;
let app: WorkflowApp;
let client: WorkflowClient;
/** Step executions, by workflow, in the order they ran. */
const ran: Record<string, string[]> = {};
const routes: Record<string, FetchHandler> = {};

function note(workflow: string, step: string): void {
  ran[workflow] = [...(ran[workflow] ?? []), step];
}

/** `serve()` as a user writes it, pointed at the devserver and checking its signatures. */
function workflow<T>(
  path: string,
  fn: Parameters<typeof serve<T>>[0],
  extra: Parameters<typeof serve<T>>[1] = {},
  verify = true,
) {
  routes[path] = (request) =>
    serve<T>(fn, {
      qstashClient: new QStashClient({ baseUrl: dev.url, token: dev.token }),
      ...(verify
        ? {
            receiver: new QStashReceiver({
              currentSigningKey: dev.currentSigningKey,
              nextSigningKey: dev.nextSigningKey,
            }),
          }
        : {}),
      ...extra,
    }).handler(request);
}

async function runOf(workflowRunId: string): Promise<WorkflowRunLog> {
  const { runs } = await client.logs({ workflowRunId });
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

/** Waits until the run reaches a final state (deliveries are real HTTP round trips). */
async function finished(workflowRunId: string, timeoutMs = 15_000): Promise<WorkflowRunLog> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await runOf(workflowRunId);
    if (run.workflowState !== "RUN_STARTED") return run;
    if (Date.now() > deadline) throw new Error(`run ${workflowRunId} still running: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function resultSteps(run: WorkflowRunLog): { stepName: string; out: unknown }[] {
  return run.steps
    .filter((g) => g.type !== "next")
    .flatMap((g) => g.steps as { stepName: string; out: unknown }[])
    .map((s) => ({ stepName: s.stepName, out: s.out }));
}

beforeAll(async () => {
  dev = await startDevServer({ port: 0, retryBackoff: () => 20 });
  app = await startWorkflowApp(new Proxy(routes, {}) as Record<string, FetchHandler>, {
    currentSigningKey: dev.currentSigningKey,
    nextSigningKey: dev.nextSigningKey,
  });
  client = new WorkflowClient({ baseUrl: dev.url, token: dev.token });
});
afterAll(async () => {
  await dev.close();
  await app.close();
});
afterEach(() => {
  // every delivery the app got was signed with the devserver's keys (the SDK checks it too)
  expect(app.badSignatures).toEqual([]);
});
beforeEach(async () => {
  await dev.reset();
  for (const k of Object.keys(ran)) delete ran[k];
  app.requests.length = 0;
  app.badSignatures.length = 0;
});

describe("W2: context.run steps", () => {
  it("a run triggered through a publish to the serve() endpoint runs each step once, in order", async () => {
    workflow<{ n: number }>("/steps", async (context) => {
      const a = await context.run("double", () => {
        note("steps", "double");
        return context.requestPayload.n * 2;
      });
      const b = await context.run("add", () => {
        note("steps", "add");
        return a + 1;
      });
      await context.run("text", () => {
        note("steps", "text");
        return `${a}-${b}`;
      });
      return { a, b };
    });
    const qstash = new QStashClient({ baseUrl: dev.url, token: dev.token });
    await qstash.publishJSON({ url: `${app.url}/steps`, body: { n: 5 } });
    await dev.settle();
    expect(ran.steps).toEqual(["double", "add", "text"]);
    const first = app.requests.find((r) => r.headers.get("upstash-workflow-runid"));
    const runId = first!.headers.get("upstash-workflow-runid")!;
    const run = await finished(runId);
    expect(run.workflowState).toBe("RUN_SUCCESS");
    expect(resultSteps(run)).toEqual([
      { stepName: "double", out: "10" },
      { stepName: "add", out: "11" },
      { stepName: "text", out: JSON.stringify("10-11") },
    ]);
    expect(JSON.parse(run.workflowRunResponse!)).toEqual({ a: 10, b: 11 });
    expect(app.badSignatures).toEqual([]);
    expect(app.verified).toBeGreaterThanOrEqual(4);
  });

  it("a run starts from a plain request to the endpoint when no signing keys are set", async () => {
    // local development without keys: the SDK verifies nothing, the first request is the trigger
    workflow<{ n: number }>(
      "/direct",
      async (context) => {
        const n = await context.run("inc", () => {
          note("direct", "inc");
          return context.requestPayload.n + 1;
        });
        return n;
      },
      {},
      false,
    );
    const res = await fetch(`${app.url}/direct`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ n: 1 }),
    });
    const { workflowRunId } = (await res.json()) as { workflowRunId: string };
    expect(res.status).toBe(200);
    await dev.settle();
    const run = await finished(workflowRunId);
    expect([run.workflowState, run.workflowRunResponse]).toEqual(["RUN_SUCCESS", "2"]);
    expect(ran.direct).toEqual(["inc"]);
  });

  it("Client.trigger starts runs, one and a batch, with their own run ids and bodies", async () => {
    workflow<{ who: string }>("/greet", async (context) => {
      const hello = await context.run("hello", () => {
        note("greet", context.requestPayload.who);
        return `hello ${context.requestPayload.who}`;
      });
      return hello;
    });
    const one = await client.trigger({ url: `${app.url}/greet`, body: { who: "ann" }, workflowRunId: "one" });
    const many = await client.trigger([
      { url: `${app.url}/greet`, body: { who: "bob" } },
      { url: `${app.url}/greet`, body: { who: "cy" }, label: "batch" },
    ]);
    expect(one.workflowRunId).toBe("wfr_one");
    for (const id of [one, ...many].map((r) => r.workflowRunId)) {
      expect((await finished(id)).workflowState).toBe("RUN_SUCCESS");
    }
    expect(ran.greet!.sort()).toEqual(["ann", "bob", "cy"]);
    const run = await runOf(many[1]!.workflowRunId);
    expect(run.label).toBe("batch");
    expect(JSON.parse(run.workflowRunResponse!)).toBe("hello cy");
    // the same run id again creates nothing new
    await client.trigger({ url: `${app.url}/greet`, body: { who: "ann" }, workflowRunId: "one" });
    await dev.settle();
    expect(ran.greet!.filter((w) => w === "ann")).toHaveLength(1);
  });
});

describe("W4: trigger options", () => {
  it("delay, flowControl, retryDelay, retries, label and failureUrl hold for every step of the run", async () => {
    const failed: string[] = [];
    routes["/on-failure"] = async (request) => {
      failed.push(await request.text());
      return new Response("noted");
    };
    workflow("/configured", async (context) => {
      await context.run("one", () => note("configured", "one"));
      await context.run("two", () => {
        note("configured", "two");
        throw new Error("two fails");
      });
    });
    const { workflowRunId } = await client.trigger({
      url: `${app.url}/configured`,
      delay: "1h",
      retries: 1,
      retryDelay: "10",
      flowControl: { key: "wf-key", parallelism: 1 },
      label: "nightly",
      failureUrl: `${app.url}/on-failure`,
    });
    await dev.settle();
    expect(ran.configured).toBeUndefined();
    dev.clock.advance(3_601_000);
    await dev.settle();
    expect(ran.configured).toEqual(["one", "two", "two"]);
    const run = await finished(workflowRunId);
    expect(run.workflowState).toBe("RUN_FAILED");
    expect(run.label).toBe("nightly");
    expect(failed).toHaveLength(1);
    const payload = JSON.parse(failed[0]!) as { workflowRunId: string; status: number };
    expect([payload.workflowRunId, payload.status]).toEqual([workflowRunId, 500]);
    // the step messages in the ordinary logs carry the trigger's settings
    const res = await fetch(`${dev.url}/v2/logs?state=ERROR`, {
      headers: { authorization: `Bearer ${dev.token}` },
    });
    const errors = ((await res.json()) as { logs: Record<string, unknown>[] }).logs;
    expect(errors).toHaveLength(2);
    for (const e of errors) {
      expect(e).toMatchObject({
        flowControlKey: "wf-key",
        parallelism: 1,
        retryDelayExpr: "10",
        maxRetries: 1,
      });
      expect(e.labels).toEqual(["nightly"]);
    }
  });
});

describe("W4: sleep and sleepUntil", () => {
  it("delay the next step by the given time on the devserver's clock", async () => {
    workflow("/sleepy", async (context) => {
      await context.run("before", () => note("sleepy", "before"));
      await context.sleep("nap", 120);
      await context.run("middle", () => note("sleepy", "middle"));
      await context.sleepUntil("until", Math.floor(dev.clock.now() / 1000) + 300);
      await context.run("after", () => note("sleepy", "after"));
    });
    const { workflowRunId } = await client.trigger({ url: `${app.url}/sleepy` });
    await dev.settle();
    expect(ran.sleepy).toEqual(["before"]);
    const asleep = await runOf(workflowRunId);
    expect(resultSteps(asleep).map((s) => s.stepName)).toEqual(["before"]);
    expect(asleep.steps.at(-1)).toMatchObject({ type: "next", steps: [{ state: "STEP_PROGRESS" }] });
    dev.clock.advance(121_000);
    await dev.settle();
    expect(ran.sleepy).toEqual(["before", "middle"]);
    expect((await runOf(workflowRunId)).workflowState).toBe("RUN_STARTED");
    dev.clock.advance(301_000);
    await dev.settle();
    expect(ran.sleepy).toEqual(["before", "middle", "after"]);
    const run = await finished(workflowRunId);
    expect(resultSteps(run).map((s) => s.stepName)).toEqual(["before", "nap", "middle", "until", "after"]);
  });
});

describe("W2: parallel steps", () => {
  it("Promise.all of runs and a sleep gives every result, each step once", async () => {
    workflow("/fan", async (context) => {
      const [x, y, z] = await Promise.all([
        context.run("x", () => {
          note("fan", "x");
          return 1;
        }),
        context.run("y", () => {
          note("fan", "y");
          return 2;
        }),
        context.sleep("pause", 1),
      ]);
      const sum = await context.run("sum", () => {
        note("fan", "sum");
        return x + y + (z === undefined ? 0 : 100);
      });
      return sum;
    });
    const { workflowRunId } = await client.trigger({ url: `${app.url}/fan` });
    await dev.settle();
    dev.clock.advance(2_000);
    await dev.settle();
    const run = await finished(workflowRunId);
    expect(run.workflowState).toBe("RUN_SUCCESS");
    expect(ran.fan!.slice(0, 2).sort()).toEqual(["x", "y"]);
    expect(ran.fan).toHaveLength(3);
    expect(run.workflowRunResponse).toBe("3");
    expect(run.steps.filter((g) => g.type === "parallel")).toHaveLength(1);
  });
});

describe("W7: failure", () => {
  it("a step that keeps failing ends the run RUN_FAILED and calls the failure function once", async () => {
    const failures: { status: number; response: string; payload: unknown }[] = [];
    workflow<{ k: string }>(
      "/fails",
      async (context) => {
        await context.run("ok", () => note("fails", "ok"));
        await context.run("boom", () => {
          note("fails", "boom");
          throw new Error("step exploded");
        });
      },
      {
        failureFunction: async ({ context, failStatus, failResponse }) => {
          failures.push({ status: failStatus, response: failResponse, payload: context.requestPayload });
        },
      },
    );
    const { workflowRunId } = await client.trigger({ url: `${app.url}/fails`, body: { k: "v" }, retries: 1 });
    await dev.settle();
    const run = await finished(workflowRunId);
    expect(run.workflowState).toBe("RUN_FAILED");
    expect(ran.fails).toEqual(["ok", "boom", "boom"]);
    expect(failures).toEqual([{ status: 500, response: "step exploded", payload: { k: "v" } }]);
    expect((await runOf(workflowRunId)).failureFunction?.state).toBe("CALLBACK_SUCCESS");
    const dlq = await client.dlq.list();
    expect(dlq.messages.map((m) => (m as { workflowRunId?: string }).workflowRunId)).toEqual([workflowRunId]);
    // the failure function can be called again from the DLQ
    const again = await client.dlq.retryFailureFunction({ dlqId: dlq.messages[0]!.dlqId });
    expect(again.workflowRunId).toBe(workflowRunId);
    await dev.settle();
    expect(failures).toHaveLength(2);
    expect(failures[1]).toEqual(failures[0]);
  });

  it("WorkflowNonRetryableError fails the run at once (489), without retries", async () => {
    workflow("/stop", async (context) => {
      await context.run("stop", () => {
        note("stop", "stop");
        throw new WorkflowNonRetryableError("no point retrying");
      });
    });
    const { workflowRunId } = await client.trigger({ url: `${app.url}/stop`, retries: 3 });
    await dev.settle();
    expect((await finished(workflowRunId)).workflowState).toBe("RUN_FAILED");
    expect(ran.stop).toEqual(["stop"]);
    expect(dev.deliveries.some((d) => d.status === 489)).toBe(true);
  });
});

describe("W1: context.call", () => {
  it("the devserver makes the call, retries it, and hands the response back as the step", async () => {
    let flaky = 0;
    routes["/api"] = async (request) => {
      const body = await request.text();
      return Response.json({ echoed: body, auth: request.headers.get("x-api-key") }, { status: 201 });
    };
    routes["/flaky"] = async () => {
      flaky++;
      return flaky < 3 ? new Response("not yet", { status: 503 }) : Response.json({ flaky });
    };
    routes["/down"] = async () => new Response("gone", { status: 500 });
    workflow("/caller", async (context) => {
      const ok = await context.call<{ echoed: string; auth: string }>("call api", {
        url: `${app.url}/api`,
        method: "POST",
        body: JSON.stringify({ q: 1 }),
        headers: { "x-api-key": "k1", "content-type": "application/json" },
      });
      const retried = await context.call<{ flaky: number }>("call flaky", {
        url: `${app.url}/flaky`,
        retries: 3,
      });
      const failed = await context.call("call down", { url: `${app.url}/down`, retries: 1 });
      await context.run("after", () => note("caller", "after"));
      return { ok, retried: retried.body, failed: failed.status };
    });
    const { workflowRunId } = await client.trigger({ url: `${app.url}/caller` });
    await dev.settle();
    const run = await finished(workflowRunId);
    expect(run.workflowState).toBe("RUN_SUCCESS");
    const result = JSON.parse(run.workflowRunResponse!);
    expect(result.ok.status).toBe(201);
    expect(result.ok.body).toEqual({ echoed: JSON.stringify({ q: 1 }), auth: "k1" });
    expect(result.retried).toEqual({ flaky: 3 });
    expect(result.failed).toBe(500);
    expect(ran.caller).toEqual(["after"]);
    expect(app.requests.filter((r) => r.path === "/down")).toHaveLength(2);
    expect(resultSteps(run).map((s) => s.stepName)).toEqual(["call api", "call flaky", "call down", "after"]);
    expect(app.badSignatures).toEqual([]);
  });
});

describe("W1: context.call timeout", () => {
  it("a call that takes longer than its timeout is cut off and the run goes on", async () => {
    routes["/slow"] = async () => {
      await new Promise((r) => setTimeout(r, 1_500));
      return new Response("too late");
    };
    workflow("/impatient", async (context) => {
      const res = await context.call("call slow", { url: `${app.url}/slow`, timeout: 1, retries: 0 });
      await context.run("after", () => note("impatient", "after"));
      return { status: res.status, body: res.body };
    });
    const { workflowRunId } = await client.trigger({ url: `${app.url}/impatient` });
    await dev.settle();
    const run = await finished(workflowRunId);
    const result = JSON.parse(run.workflowRunResponse!);
    // no HTTP status came back: the devserver reports 0, as for a connection failure (ledger W1)
    expect(result.status).toBe(0);
    expect(result.body).not.toBe("too late");
    expect(ran.impatient).toEqual(["after"]);
    expect(dev.deliveries.find((d) => d.url.endsWith("/slow"))?.error).toMatch(/timeout|abort/i);
  });
});

describe("W6: waitForEvent, notify and waiters", () => {
  it("a run waits for its event; getWaiters lists it; notify resumes it with the data", async () => {
    workflow("/order", async (context) => {
      const res = await context.waitForEvent("wait payment", "paid-1", { timeout: "1h" });
      await context.run("ship", () => note("order", "ship"));
      return res;
    });
    const { workflowRunId } = await client.trigger({ url: `${app.url}/order` });
    await dev.settle();
    const waiters = await client.getWaiters({ eventId: "paid-1" });
    expect(waiters).toHaveLength(1);
    expect(waiters[0]!.url).toBe(`${app.url}/order`);
    expect(JSON.stringify(waiters)).not.toContain(dev.token);
    const notified = await client.notify({ eventId: "paid-1", eventData: { amount: 5 } });
    expect(notified).toHaveLength(1);
    await dev.settle();
    const run = await finished(workflowRunId);
    expect(JSON.parse(run.workflowRunResponse!)).toEqual({ eventData: { amount: 5 }, timeout: false });
    expect(ran.order).toEqual(["ship"]);
    expect(await client.getWaiters({ eventId: "paid-1" })).toEqual([]);
    expect(await client.notify({ eventId: "paid-1", eventData: 1 })).toEqual([]);
  });

  it("without an event the wait times out at its deadline", async () => {
    workflow("/slow-order", async (context) => {
      const res = await context.waitForEvent("wait", "never", { timeout: "10m" });
      await context.run("after", () => note("slow", "after"));
      return res.timeout;
    });
    const { workflowRunId } = await client.trigger({ url: `${app.url}/slow-order` });
    await dev.settle();
    dev.clock.advance(11 * 60_000);
    await dev.settle();
    const run = await finished(workflowRunId);
    expect(run.workflowRunResponse).toBe("true");
    expect(ran.slow).toEqual(["after"]);
  });

  it("notify by run id reaches only that run", async () => {
    workflow("/two", async (context) => {
      const { eventData } = await context.waitForEvent("wait", "shared", { timeout: "1h" });
      return eventData;
    });
    const [a, b] = await client.trigger([{ url: `${app.url}/two` }, { url: `${app.url}/two` }]);
    await dev.settle();
    expect(
      await client.notify({ eventId: "shared", eventData: "for a", workflowRunId: a!.workflowRunId }),
    ).toHaveLength(1);
    await dev.settle();
    expect((await finished(a!.workflowRunId)).workflowRunResponse).toBe(JSON.stringify("for a"));
    expect((await runOf(b!.workflowRunId)).workflowState).toBe("RUN_STARTED");
  });
});

describe("W3: cancel", () => {
  it("client.cancel and context.cancel end runs RUN_CANCELED; no later step runs", async () => {
    workflow("/long", async (context) => {
      await context.run("first", () => note("long", "first"));
      await context.sleep("wait", 3600);
      await context.run("never", () => note("long", "never"));
    });
    workflow("/self", async (context) => {
      await context.run("first", () => note("self", "first"));
      await context.cancel();
      await context.run("never", () => note("self", "never"));
    });
    const { workflowRunId } = await client.trigger({ url: `${app.url}/long` });
    const self = await client.trigger({ url: `${app.url}/self` });
    await dev.settle();
    expect(await client.cancel({ ids: workflowRunId })).toEqual({ cancelled: 1 });
    dev.clock.advance(3_700_000);
    await dev.settle();
    expect(ran.long).toEqual(["first"]);
    expect(ran.self).toEqual(["first"]);
    expect((await runOf(workflowRunId)).workflowState).toBe("RUN_CANCELED");
    expect((await runOf(self.workflowRunId)).workflowState).toBe("RUN_CANCELED");
    expect(await client.cancel({ ids: workflowRunId })).toEqual({ cancelled: 0 });
    // a filter the devserver does not support is refused rather than cancelling every run
    await expect(client.cancel({ filter: { label: "x" } })).rejects.toThrow(/unknown filter .{0,2}label/);
  });
});

describe("W10: workflow DLQ", () => {
  it("a failed run is listed, resumed from its failed step, and restarted from the start", async () => {
    let broken = true;
    workflow("/fragile", async (context) => {
      await context.run("one", () => note("fragile", "one"));
      await context.run("two", () => {
        note("fragile", "two");
        if (broken) throw new Error("broken");
        return "fixed";
      });
    });
    const first = await client.trigger({ url: `${app.url}/fragile`, retries: 0 });
    const second = await client.trigger({ url: `${app.url}/fragile`, retries: 0 });
    await dev.settle();
    expect((await finished(first.workflowRunId)).workflowState).toBe("RUN_FAILED");
    expect((await finished(second.workflowRunId)).workflowState).toBe("RUN_FAILED");
    const { messages } = await client.dlq.list();
    expect(messages).toHaveLength(2);
    const mine = await client.dlq.list({ filter: { workflowRunId: first.workflowRunId } });
    expect(mine.messages.map((m) => (m as { workflowRunId: string }).workflowRunId)).toEqual([
      first.workflowRunId,
    ]);
    expect((await client.dlq.list({ filter: { workflowUrl: `${app.url}/other` } })).messages).toEqual([]);
    const byRun = new Map(messages.map((m) => [(m as { workflowRunId: string }).workflowRunId, m.dlqId]));
    broken = false;
    ran.fragile = [];
    const resumed = await client.dlq.resume({ dlqId: byRun.get(first.workflowRunId)! });
    await dev.settle();
    expect(ran.fragile).toEqual(["two"]);
    expect((await finished(resumed.workflowRunId)).workflowState).toBe("RUN_SUCCESS");
    ran.fragile = [];
    const restarted = await client.dlq.restart({ dlqId: byRun.get(second.workflowRunId)! });
    await dev.settle();
    expect(ran.fragile).toEqual(["one", "two"]);
    expect((await finished(restarted.workflowRunId)).workflowState).toBe("RUN_SUCCESS");
    expect((await client.dlq.list()).messages).toEqual([]);
    // a third failure is deleted from the DLQ instead
    broken = true;
    const third = await client.trigger({ url: `${app.url}/fragile`, retries: 0 });
    await dev.settle();
    expect((await finished(third.workflowRunId)).workflowState).toBe("RUN_FAILED");
    const [entry] = (await client.dlq.list()).messages;
    expect(await client.dlq.delete(entry!.dlqId)).toEqual({ deleted: 1 });
    expect((await client.dlq.list()).messages).toEqual([]);
  });
});

describe("W5: lazy fetch", () => {
  it("a step list over the threshold is delivered empty and the SDK fetches it", async () => {
    const small = await startDevServer({ port: 0, workflowLazyFetchBytes: 200, retryBackoff: () => 20 });
    const main = dev;
    dev = small;
    try {
      workflow("/big", async (context) => {
        const a = await context.run("a", () => "x".repeat(300));
        const b = await context.run("b", () => a.length);
        note("big", `b=${b}`);
        return b;
      });
      const wf = new WorkflowClient({ baseUrl: dev.url, token: dev.token });
      const { workflowRunId } = await wf.trigger({ url: `${app.url}/big` });
      await dev.settle();
      expect(app.requests.some((r) => r.path === "/big" && r.body === "")).toBe(true);
      expect(dev.requestLog.count({ path: `/v2/workflows/runs/${workflowRunId}` })).toBeGreaterThan(0);
      const { runs } = await wf.logs({ workflowRunId });
      expect(runs[0]!.workflowState).toBe("RUN_SUCCESS");
      expect(runs[0]!.workflowRunResponse).toBe("300");
    } finally {
      dev = main;
      await small.close();
    }
  });
});

describe("W4: persistence", () => {
  it("a sleeping run survives a devserver restart with --data and finishes after it", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "wf-data-")), "devserver.json");
    const main = dev;
    const first = await startDevServer({ port: 0, dataFile: file, retryBackoff: () => 20 });
    dev = first;
    let second: DevServer | undefined;
    try {
      workflow<{ n: number }>("/durable", async (context) => {
        const a = await context.run("before", () => {
          note("durable", "before");
          return context.requestPayload.n;
        });
        await context.sleep("overnight", 3600);
        return await context.run("after", () => {
          note("durable", "after");
          return a + 1;
        });
      });
      const { workflowRunId } = await new WorkflowClient({ baseUrl: first.url, token: first.token }).trigger({
        url: `${app.url}/durable`,
        body: { n: 41 },
      });
      await first.settle();
      expect(ran.durable).toEqual(["before"]);
      await first.close();
      second = await startDevServer({ port: 0, dataFile: file, retryBackoff: () => 20 });
      dev = second;
      second.clock.advance(3_601_000);
      await second.settle();
      expect(ran.durable).toEqual(["before", "after"]);
      const { runs } = await new WorkflowClient({ baseUrl: second.url, token: second.token }).logs({
        workflowRunId,
      });
      expect(runs[0]!.workflowState).toBe("RUN_SUCCESS");
      expect(runs[0]!.workflowRunResponse).toBe("42");
    } finally {
      dev = main;
      await first.close();
      await second?.close();
    }
  });
});

describe("the SDK's Express adapter", () => {
  async function listen(ex: express.Express): Promise<{ url: string; server: Server }> {
    const server = await new Promise<Server>((r) => {
      const s = ex.listen(0, "127.0.0.1", () => r(s));
    });
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
  }
  const options = () => ({
    qstashClient: new QStashClient({ baseUrl: dev.url, token: dev.token }),
    receiver: new QStashReceiver({
      currentSigningKey: dev.currentSigningKey,
      nextSigningKey: dev.nextSigningKey,
    }),
  });

  it("serve() under Express runs its steps once each", async () => {
    const ex = express();
    ex.use(express.json());
    ex.use(
      "/wf",
      serveExpress<{ name: string }>(async (context) => {
        const up = await context.run("upper", () => {
          note("express", "upper");
          return context.requestPayload.name.toUpperCase();
        });
        const [l1, l2] = await Promise.all([
          context.run("len", () => {
            note("express", "len");
            return up.length;
          }),
          context.run("first", () => {
            note("express", "first");
            return up[0];
          }),
        ]);
        return `${up}:${l1}:${l2}`;
      }, options()),
    );
    const { url, server } = await listen(ex);
    try {
      const { workflowRunId } = await client.trigger({ url: `${url}/wf`, body: { name: "ada" } });
      await dev.settle();
      const run = await finished(workflowRunId);
      expect(run.workflowState).toBe("RUN_SUCCESS");
      expect(JSON.parse(run.workflowRunResponse!)).toBe("ADA:3:A");
      expect(ran.express!.sort()).toEqual(["first", "len", "upper"]);
    } finally {
      server.close();
    }
  });

  it("context.invoke runs another workflow of serveMany and gets its result back", async () => {
    const child = createWorkflow<{ x: number }, number>(async (context) => {
      return await context.run("square", () => {
        note("invoke", "square");
        return context.requestPayload.x * context.requestPayload.x;
      });
    }, options());
    const parent = createWorkflow(async (context) => {
      const res = await context.invoke("call child", { workflow: child, body: { x: 7 } });
      await context.run("after", () => note("invoke", "after"));
      return res.body;
    }, options());
    const ex = express();
    ex.use(express.json());
    ex.use("/many", serveMany({ child, parent }));
    const { url, server } = await listen(ex);
    try {
      const { workflowRunId } = await client.trigger({ url: `${url}/many/parent` });
      await dev.settle();
      const run = await finished(workflowRunId);
      expect(run.workflowState).toBe("RUN_SUCCESS");
      expect(run.workflowRunResponse).toBe("49");
      expect(ran.invoke).toEqual(["square", "after"]);
      const { runs } = await client.logs({ workflowUrl: `${url}/many/child` });
      expect(runs[0]!.invoker?.workflowRunId).toBe(workflowRunId);
      // the invoke request carries the client's Authorization: the devserver keeps none of it
      const inventory = dev.inventory();
      expect(inventory.workflowRuns).toHaveLength(2);
      expect(JSON.stringify(inventory)).not.toContain(dev.token);
    } finally {
      server.close();
    }
  });
});

describe("W3: requests the devserver refuses", () => {
  it("a step of a run that does not exist, a malformed invoke, a wait without a run", async () => {
    const post = async (path: string, headers: Record<string, string>, body: string) => {
      const res = await fetch(`${dev.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${dev.token}`, ...headers },
        body,
      });
      return { status: res.status, error: ((await res.json()) as { error: string }).error };
    };
    const step = await post(
      `/v2/publish/${app.url}/x`,
      { "Upstash-Workflow-RunId": "wfr_none", "Upstash-Workflow-Init": "false" },
      "{}",
    );
    expect(step).toEqual({ status: 400, error: "workflow run wfr_none does not exist or has already ended" });
    const invoke = await post(
      `/v2/publish/${app.url}/x`,
      {
        "Upstash-Workflow-RunId": "wfr_new",
        "Upstash-Workflow-Init": "true",
        "Upstash-Workflow-Invoke": "true",
      },
      "not json",
    );
    expect(invoke.status).toBe(400);
    expect(invoke.error).toMatch(/Upstash-Workflow-Invoke/);
    const wait = await post("/v2/wait/e", {}, "{}");
    expect(wait).toEqual({ status: 400, error: "wait: Upstash-Workflow-RunId is required" });
    expect((await client.logs()).runs).toEqual([]);
  });
});
