/**
 * examples/adopt-existing: a URL group and a schedule made by hand (the
 * example's script with our client, and the same with the official SDK) are
 * taken over by the program's `adopt: true` resources: no duplicates, the ids
 * stay, deliveries keep flowing, and Pulumi manages them from then on.
 */
import { Client as UpstashClient } from "@upstash/qstash";
import { Client } from "pulumi-qstash/client";
import { type DevServer, startDevServer } from "pulumi-qstash/devserver";
import { Receiver, verifyFetchRequest } from "pulumi-qstash/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createByHand } from "../../examples/adopt-existing/create-by-hand.js";
import { createStack, type TestStack } from "../support/stack.ts";
import { loadExampleProgram, projectName, type Served, serveFetch } from "./support.js";

const DIR = "adopt-existing";
const project = projectName(DIR);

describe("examples/adopt-existing", () => {
  let dev: DevServer;
  let app: Served;
  const stacks: TestStack[] = [];

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: "adopt-token-4e2a" });
    const receiver = new Receiver({
      currentSigningKey: dev.currentSigningKey,
      nextSigningKey: dev.nextSigningKey,
    });
    app = await serveFetch(() => async (request) => {
      const ok = await verifyFetchRequest(request, { receiver }).then(
        () => true,
        () => false,
      );
      return ok ? Response.json({ ok }) : Response.json({ error: "unsigned" }, { status: 401 });
    });
  });

  afterAll(async () => {
    for (const t of stacks) await t.dispose();
    await app?.close();
    await dev?.close();
  });

  const stack = async (name: string) => {
    const t = await createStack({
      project,
      stack: name,
      program: await loadExampleProgram(DIR),
      config: {
        "qstash:url": { value: dev.url },
        "qstash:token": { value: dev.token, secret: true },
        [`${project}:appUrl`]: { value: app.url },
      },
    });
    stacks.push(t);
    return t;
  };

  it("takes over objects created with the example's script (our client)", async () => {
    const client = new Client({ baseUrl: dev.url, token: dev.token });
    await createByHand(client, app.url);
    await client.close();
    const before = dev.inventory();
    const createdAt = before.schedules[0]!.createdAt;

    const t = await stack("dev");
    const up = await t.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ create: 3 }); // 2 adopted + the stack
    const inv = dev.inventory();
    expect(inv.schedules.map((s) => s.scheduleId)).toEqual(["nightly-cleanup"]);
    expect(inv.schedules[0]!.createdAt).toBe(createdAt);
    expect(inv.urlGroups.map((g) => g.name)).toEqual(["billing"]);
    expect(up.outputs.cleanupScheduleId?.value).toBe("nightly-cleanup");

    // now managed: a no-op preview, deliveries still verify
    expect((await t.preview()).changeSummary).toEqual({ same: 3 });
    dev.clock.trigger("nightly-cleanup");
    await dev.settle(10_000);
    expect(app.seen.map((s) => `${s.status} ${s.path}`)).toEqual(["200 /api/cleanup"]);

    // and destroy removes what was adopted
    await t.destroy();
    expect(dev.inventory().schedules).toEqual([]);
    expect(dev.inventory().urlGroups).toEqual([]);
  });

  it("takes over objects created with the official SDK, reconciling a drifted cron in place", async () => {
    const official = new UpstashClient({ baseUrl: dev.url, token: dev.token });
    await official.urlGroups.addEndpoints({
      name: "billing",
      endpoints: [{ name: "invoices", url: `${app.url}/api/invoices` }], // "ledger" missing
    });
    await official.schedules.create({
      scheduleId: "nightly-cleanup",
      destination: `${app.url}/api/cleanup`,
      cron: "0 4 * * *", // drifted from the program's 0 3 * * *
      body: JSON.stringify({ task: "cleanup" }),
      retries: 2,
    });
    const t = await stack("official");
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    const inv = dev.inventory();
    expect(inv.schedules).toHaveLength(1);
    expect(inv.schedules[0]).toMatchObject({ scheduleId: "nightly-cleanup", cron: "0 3 * * *" });
    expect((inv.urlGroups[0]!.endpoints as { name: string }[]).map((e) => e.name).sort()).toEqual([
      "invoices",
      "ledger",
    ]);
    expect((await t.preview()).changeSummary).toEqual({ same: 3 });
  });
});
