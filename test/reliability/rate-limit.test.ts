/**
 * Rate limits: with the devserver's burst limit at 25 management requests per
 * second (low enough that the limit bites even when a loaded machine slows the
 * engine down), a 500-resource `pulumi up` succeeds with no failed resource: the
 * client waits out each 429 (Retry-After / Burst-RateLimit-Reset) instead of
 * failing the resource.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { createStack, loadProgram, type TestStack } from "../support/stack.ts";
import { expectInventoryMatches, type Spec, scheduleSpec, stateResources } from "./support.js";

const program = loadProgram<(spec: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");
const TOKEN = "rel-ratelimit-token-4a0b9e";

const LIMIT = 25;

describe(`burst rate limit ${LIMIT} rps`, () => {
  let dev: DevServer;
  let t: TestStack;
  const spec = scheduleSpec(500, "http://127.0.0.1:9", "rl");
  const errors: unknown[] = [];

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, faults: { rateLimitPerSecond: LIMIT } });
    t = await createStack({
      project: "pq-rel-rate",
      program: program(spec),
      config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
    });
  });
  afterAll(async () => {
    await t?.dispose();
    await dev?.close();
  });

  it("a 500-resource up succeeds with no failed resource", { timeout: 300_000 }, async () => {
    const t0 = Date.now();
    const up = await t.up().catch((e: unknown) => {
      errors.push(e);
      throw e;
    });
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ create: 501 });
    const log = dev.requestLog.entries();
    const limited = log.filter((e) => e.fault === "rate-limit").length;
    // the limit really bit, and no second saw more than LIMIT served requests
    expect(limited).toBeGreaterThan(0);
    const perSecond = new Map<number, number>();
    for (const e of log.filter((x) => x.status !== 429))
      perSecond.set(Math.floor(e.time / 1000), (perSecond.get(Math.floor(e.time / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(LIMIT);
    console.log(
      `[rate-limit] 500 schedules in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${log.length} calls, ${limited} answered 429`,
    );
    dev.faults.clear();
    expectInventoryMatches(dev.inventory(), stateResources(t), spec);
  });

  it("leaks no secret", () => {
    expect(auditSecrets({ secrets: { token: TOKEN }, stacks: [t], devservers: [dev], errors })).toEqual([]);
  });
});
