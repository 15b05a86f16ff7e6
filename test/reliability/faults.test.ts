/**
 * Faults: one `pulumi up` of 100 mixed resources converges while the
 * devserver answers 20% of API calls with 429/503, resets 5% of connections,
 * loses 3% of responses after applying them, and adds random latency. After
 * it, the devserver holds exactly what the state says: no duplicate, no orphan.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { createStack, loadProgram, type TestStack } from "../support/stack.ts";
import { expectInventoryMatches, mixedSpec, SECRET_HEADER, type Spec, stateResources } from "./support.js";

const program = loadProgram<(spec: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");
const TOKEN = "rel-faults-token-5c2e91";

// Rules are tried in order; latency adds delay and goes on, the first other hit decides.
// 429: 10%, 503: 0.9 x 11.1% = 10%, reset: 0.8 x 6.25% = 5%, lost: ~3%.
const FAULTS = {
  seed: 8,
  rules: [
    { kind: "latency" as const, probability: 0.3, latencyMs: 40 },
    { kind: "latency" as const, probability: 0.1, latencyMs: 250 },
    { kind: "429" as const, probability: 0.1, retryAfterSeconds: 1 },
    { kind: "503" as const, probability: 0.111, retryAfterSeconds: 1 },
    { kind: "reset" as const, probability: 0.0625 },
    { kind: "lost" as const, probability: 0.04 },
  ],
};

describe("pulumi up under injected faults", () => {
  let dev: DevServer;
  let t: TestStack;
  const hook = createServer((_q, s) => s.end("ok"));
  let hookUrl: string;
  let spec: Spec;
  const errors: unknown[] = [];

  beforeAll(async () => {
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
    dev = await startDevServer({ port: 0, token: TOKEN });
    spec = mixedSpec(100, hookUrl, "f");
    t = await createStack({
      project: "pq-rel-faults",
      program: program(spec),
      config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
    });
  });

  afterAll(async () => {
    await t?.dispose();
    await dev?.close();
    hook.close();
  });

  it("a lost response is applied on the server and never answered", async () => {
    dev.faults.set({ rules: [{ route: "POST /v2/queues", kind: "lost", times: 1 }] });
    const res = await fetch(`${dev.url}/v2/queues`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ queueName: "lost-probe", parallelism: 1 }),
    }).catch((e: unknown) => e);
    expect(res).toBeInstanceOf(Error);
    expect(dev.inventory().queues.map((q) => q.name)).toEqual(["lost-probe"]);
    expect(dev.requestLog.entries().at(-1)).toMatchObject({ fault: "lost", status: 0 });
    await dev.reset();
  });

  it("100 mixed resources converge in one run; inventory equals state exactly", async () => {
    dev.faults.set(FAULTS);
    const up = await t.up().catch((e: unknown) => {
      errors.push(e);
      throw e;
    });
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ create: 101 });
    const log = dev.requestLog.entries();
    const faulted = log.filter((e) => e.fault && !e.fault.startsWith("latency"));
    // the faults really happened, at about the configured rates
    expect(faulted.length / log.length).toBeGreaterThan(0.15);
    for (const kind of ["429", "503", "reset", "lost"])
      expect(
        faulted.some((e) => e.fault === kind),
        kind,
      ).toBe(true);
    console.log(
      `[faults] ${log.length} API calls, ${faulted.length} faulted: ${JSON.stringify(
        Object.fromEntries(
          ["429", "503", "reset", "lost"].map((k) => [k, faulted.filter((e) => e.fault === k).length]),
        ),
      )}`,
    );
    dev.faults.clear();
    expectInventoryMatches(dev.inventory(), stateResources(t), spec);
  });

  it("a second run with faults changes nothing", async () => {
    dev.faults.set({ ...FAULTS, seed: 9 });
    const pv = await t.preview();
    expect(pv.changeSummary).toEqual({ same: 101 });
    dev.faults.clear();
    expectInventoryMatches(dev.inventory(), stateResources(t), spec);
  });

  it("destroy under faults removes everything", async () => {
    dev.faults.set({ ...FAULTS, seed: 10 });
    await t.destroy();
    dev.faults.clear();
    const inv = dev.inventory();
    expect([inv.queues, inv.schedules, inv.urlGroups]).toEqual([[], [], []]);
  });

  it("no token or secret header leaks into state, export, output, errors or request log", () => {
    const hits = auditSecrets({
      secrets: {
        token: TOKEN,
        header: SECRET_HEADER,
        currentSigningKey: dev.currentSigningKey,
        nextSigningKey: dev.nextSigningKey,
      },
      stacks: [t],
      devservers: [dev],
      errors,
    });
    expect(hits).toEqual([]);
  });
});
