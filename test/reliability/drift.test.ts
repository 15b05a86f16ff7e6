/**
 * Drift: every resource kind changed or deleted out of band with the official
 * `@upstash/qstash` SDK is reported by `pulumi refresh` and put back by
 * `pulumi up`; afterwards the devserver holds exactly the program again.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Client as UpstashClient } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { createStack, loadProgram, type TestStack } from "../support/stack.ts";
import { expectInventoryMatches, SECRET_HEADER, type Spec, stateResources } from "./support.js";

const program = loadProgram<(spec: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");
const TOKEN = "rel-drift-token-0d44e2";

describe("out-of-band drift, every kind", () => {
  let dev: DevServer;
  let t: TestStack;
  let official: UpstashClient;
  let spec: Spec;
  const hook = createServer((_q, s) => s.end("ok"));
  const sched = (name: string, cron: string) => ({
    type: "Schedule" as const,
    name,
    args: { destination: `${hookUrl()}/${name}`, cron, headers: { "X-Secret": SECRET_HEADER }, retries: 1 },
  });
  const hookUrl = () => `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  const idOf = (name: string) => stateResources(t).find((r) => r.name === name)!.outputs.scheduleId as string;

  beforeAll(async () => {
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    dev = await startDevServer({ port: 0, token: TOKEN });
    official = new UpstashClient({ baseUrl: dev.url, token: TOKEN });
    const eps = (g: string) => [
      { url: `${hookUrl()}/${g}/a`, name: "a" },
      { url: `${hookUrl()}/${g}/b`, name: "b" },
    ];
    spec = {
      resources: [
        { type: "Queue", name: "q-changed", args: { name: "q-changed", parallelism: 3 } },
        { type: "Queue", name: "q-deleted", args: { name: "q-deleted", parallelism: 1 } },
        { type: "UrlGroup", name: "g-changed", args: { name: "g-changed", endpoints: eps("gc") } },
        { type: "UrlGroup", name: "g-deleted", args: { name: "g-deleted", endpoints: eps("gd") } },
        {
          type: "Endpoint",
          name: "e-removed",
          args: { urlGroup: "shared", url: `${hookUrl()}/e1`, name: "e1" },
        },
        {
          type: "Endpoint",
          name: "e-kept",
          args: { urlGroup: "shared", url: `${hookUrl()}/e2`, name: "e2" },
        },
        {
          type: "Endpoint",
          name: "e-gone",
          args: { urlGroup: "lonely", url: `${hookUrl()}/e3`, name: "e3" },
        },
        sched("s-changed", "*/5 * * * *"),
        sched("s-paused", "0 * * * *"),
        sched("s-deleted", "0 0 * * *"),
      ],
    };
    t = await createStack({
      project: "pq-rel-drift",
      program: program(spec),
      config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
    });
    await t.up();
  });

  afterAll(async () => {
    await t?.dispose();
    await dev?.close();
    hook.close();
  });

  it("refresh reports each change and deletion; up repairs all of them", async () => {
    await official.queue({ queueName: "q-changed" }).upsert({ parallelism: 9 });
    await official.queue({ queueName: "q-deleted" }).delete();
    await official.urlGroups.removeEndpoints({ name: "g-changed", endpoints: [{ name: "b" }] });
    await official.urlGroups.delete("g-deleted");
    await official.urlGroups.removeEndpoints({ name: "shared", endpoints: [{ name: "e1" }] });
    await official.urlGroups.delete("lonely");
    await official.schedules.create({
      scheduleId: idOf("s-changed"),
      destination: `${hookUrl()}/elsewhere`,
      cron: "0 12 * * *",
    });
    await official.schedules.pause({ schedule: idOf("s-paused") });
    await official.schedules.delete(idOf("s-deleted"));

    const refresh = await t.stack.refresh({ onOutput: t.onOutput });
    // 4 changed (q, g, s x2) and 5 deleted (q, g, endpoint x2, s), each reported
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 4, delete: 5 });
    const out = refresh.stdout;
    for (const n of ["q-changed", "g-changed", "s-changed", "s-paused"])
      expect(out).toMatch(new RegExp(`${n}\\s.*updated`));
    for (const n of ["q-deleted", "g-deleted", "e-removed", "e-gone", "s-deleted"])
      expect(out).toMatch(new RegExp(`${n}\\s.*deleted`));

    const pv = await t.preview();
    expect(pv.changeSummary).toMatchObject({ create: 5, update: 4, same: 2 });
    const up = await t.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 5, update: 4, same: 2 });
    expectInventoryMatches(dev.inventory(), stateResources(t), spec);
    const changed = dev.inventory().schedules.find((s) => s.scheduleId === idOf("s-changed"))!;
    expect(changed).toMatchObject({ destination: `${hookUrl()}/s-changed`, cron: "*/5 * * * *", retries: 1 });
    expect((changed.header as Record<string, string[]>)["X-Secret"]).toEqual([SECRET_HEADER]);
    expect((await t.preview()).changeSummary).toEqual({ same: 11 });
  });

  it("leaks no secret", () => {
    expect(
      auditSecrets({ secrets: { token: TOKEN, header: SECRET_HEADER }, stacks: [t], devservers: [dev] }),
    ).toEqual([]);
  });
});
