/**
 * The provider end to end: the real `pulumi` CLI drives the package's
 * resources against two devservers (two "regions"), through create, no-op
 * preview and up, in-place update, replace, refresh after out-of-band change
 * and deletion, adopt, a delivery, and destroy, then audits every artefact
 * for secrets.
 */
import { Client as UpstashClient } from "@upstash/qstash";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { Receiver } from "../../sdk/receiver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { type Destination, startDestination } from "../support/devserver.js";
import { createStack, loadProgram, type TestStack } from "../support/stack.ts";

type Spec = { resources: Record<string, unknown>[]; signingKeys?: boolean };
const program = loadProgram<(spec: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");

const TOKEN = "e2e-token-3b9f0c6d2a";
const TOKEN_US = "e2e-token-us-71ce40aa";
const SECRET_HEADER = "header-secret-value-c0ffee42";
const SECRET_BODY = "body-secret-value-5eed1e55";

describe("provider resources through the real pulumi CLI", () => {
  let dev: DevServer;
  let devUs: DevServer;
  let hook: Destination;
  let t: TestStack;
  let official: UpstashClient;
  const calls = () => dev.requestLog.entries().length + devUs.requestLog.entries().length;

  // the program after the in-place update step, and after the replace step
  const updated = { parallelism: 5, endpoints: ["b", "c"], cron: "*/10 * * * *", paused: true };
  const replaced = { ...updated, queueName: "jobs-v2", scheduleId: "direct.v2" };

  const spec = (
    over: {
      parallelism?: number;
      endpoints?: string[];
      cron?: string;
      paused?: boolean;
      queueName?: string;
      scheduleId?: string;
      extra?: Record<string, unknown>[];
    } = {},
  ): Spec => ({
    signingKeys: true,
    resources: [
      {
        type: "Queue",
        name: "jobs",
        args: { name: over.queueName ?? "jobs", parallelism: over.parallelism ?? 2 },
      },
      {
        type: "UrlGroup",
        name: "orders",
        args: {
          name: "orders",
          endpoints: (over.endpoints ?? ["a", "b"]).map((n) => ({ url: `${hook.url}/${n}`, name: n })),
        },
      },
      {
        type: "Endpoint",
        name: "audit-hook",
        args: { urlGroup: "audit", url: `${hook.url}/audit`, name: "audit" },
      },
      {
        type: "Schedule",
        name: "to-url",
        secret: ["body"],
        args: {
          destination: `${hook.url}/direct`,
          cron: over.cron ?? "*/5 * * * *",
          body: SECRET_BODY,
          headers: { "X-Api-Key": SECRET_HEADER },
          retries: 2,
          labels: ["e2e"],
          paused: over.paused ?? false,
          ...(over.scheduleId ? { scheduleId: over.scheduleId } : {}),
        },
      },
      {
        type: "Schedule",
        name: "to-group",
        destinationRef: "orders",
        args: { cron: "0 * * * *", method: "PUT" },
      },
      {
        type: "Queue",
        name: "jobs-us",
        args: { name: "jobs-us", connection: { url: devUs.url, token: TOKEN_US } },
      },
      ...(over.extra ?? []),
    ],
  });

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN });
    devUs = await startDevServer({
      port: 0,
      token: TOKEN_US,
      currentSigningKey: "sig_usCurrentKeyAAAAAAAAAAAAAAAA",
      nextSigningKey: "sig_usNextKeyBBBBBBBBBBBBBBBBBBBB",
    });
    hook = await startDestination();
    official = new UpstashClient({ baseUrl: dev.url, token: TOKEN });
    t = await createStack({
      project: "pq-provider",
      program: program(spec()),
      config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
    });
  });

  // the state file after every step, for the secrets audit at the end
  const states: string[] = [];
  afterEach(() => {
    states.push(t.stateFileText());
  });

  afterAll(async () => {
    await t?.dispose();
    await dev?.close();
    await devUs?.close();
    await hook?.close();
  });

  it("up creates every resource, each in the right devserver", async () => {
    const up = await t.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges?.create).toBe(7); // 6 resources + the stack
    const inv = dev.inventory();
    expect(inv.queues.map((q) => q.name)).toEqual(["jobs"]);
    expect(inv.queues[0]).toMatchObject({ parallelism: 2, paused: false });
    const groups = Object.fromEntries(inv.urlGroups.map((g) => [g.name, g]));
    expect(groups.orders?.endpoints).toHaveLength(2);
    expect(groups.audit?.endpoints).toEqual([{ name: "audit", url: `${hook.url}/audit` }]);
    expect(inv.schedules).toHaveLength(2);
    const direct = inv.schedules.find((s) => s.destination === `${hook.url}/direct`)!;
    expect(direct).toMatchObject({ cron: "*/5 * * * *", retries: 2, body: SECRET_BODY, isPaused: false });
    expect((direct.header as Record<string, string[]>)["X-Api-Key"]).toEqual([SECRET_HEADER]);
    expect(inv.schedules.find((s) => s.destination === "orders")).toMatchObject({ method: "PUT" });
    // the region override went to the other devserver only
    expect(devUs.inventory().queues.map((q) => q.name)).toEqual(["jobs-us"]);
    // signing keys come back as secret outputs
    expect(up.outputs.currentSigningKey).toMatchObject({ value: dev.currentSigningKey, secret: true });
    expect(up.outputs["to-url.scheduleId"]?.value).toMatch(/^pulumi-[0-9a-f]{24}$/);
  });

  it("preview and up of an unchanged program change nothing and make no QStash call", async () => {
    dev.requestLog.clear();
    devUs.requestLog.clear();
    const pv = await t.preview();
    expect(pv.changeSummary).toEqual({ same: 7 });
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ same: 7 });
    // getSigningKeys is a read the program makes on purpose; nothing else is called
    const apiCalls = [...dev.requestLog.entries(), ...devUs.requestLog.entries()].filter(
      (e) => e.path !== "/v2/keys",
    );
    expect(apiCalls).toEqual([]);
  });

  it("in-place updates keep ids and make the minimal calls", async () => {
    const before = dev
      .inventory()
      .schedules.map((s) => s.scheduleId)
      .sort();
    dev.requestLog.clear();
    const up = await t.up(program(spec(updated)));
    expect(up.summary.resourceChanges).toMatchObject({ update: 3, same: 4 });
    expect(up.summary.resourceChanges?.replace).toBeUndefined();
    const inv = dev.inventory();
    expect(inv.schedules.map((s) => s.scheduleId).sort()).toEqual(before);
    expect(inv.queues[0]).toMatchObject({ name: "jobs", parallelism: 5 });
    const direct = inv.schedules.find((s) => s.destination === `${hook.url}/direct`)!;
    expect(direct).toMatchObject({ cron: "*/10 * * * *", isPaused: true });
    const orders = inv.urlGroups.find((g) => g.name === "orders")!;
    expect((orders.endpoints as { name: string }[]).map((e) => e.name).sort()).toEqual(["b", "c"]);
    const endpointCalls = dev.requestLog.entries().filter((e) => e.path === "/v2/topics/orders/endpoints");
    expect(endpointCalls.map((e) => e.method).sort()).toEqual(["DELETE", "POST"]);
  });

  it("renaming a queue or choosing a scheduleId replaces, old objects are deleted", async () => {
    const up = await t.up(program(spec(replaced)));
    expect(up.summary.resourceChanges).toMatchObject({ replace: 2 });
    const inv = dev.inventory();
    expect(inv.queues.map((q) => q.name)).toEqual(["jobs-v2"]);
    expect(inv.schedules.map((s) => s.scheduleId)).toContain("direct.v2");
    expect(inv.schedules).toHaveLength(2);
  });

  it("refresh finds out-of-band changes and deletions; up repairs them", async () => {
    const current = spec(replaced);
    // someone edits the schedule and deletes the queue with the official SDK
    await official.schedules.create({
      scheduleId: "direct.v2",
      destination: `${hook.url}/direct`,
      cron: "0 0 * * *",
    });
    await official.queue({ queueName: "jobs-v2" }).delete();
    await t.refresh();
    const pv = await t.preview(program(current));
    expect(pv.changeSummary).toMatchObject({ create: 1, update: 1 });
    await t.up(program(current));
    const inv = dev.inventory();
    expect(inv.queues.map((q) => q.name)).toEqual(["jobs-v2"]);
    expect(inv.schedules.find((s) => s.scheduleId === "direct.v2")).toMatchObject({
      cron: "*/10 * * * *",
      body: SECRET_BODY,
      isPaused: true,
    });
    const pv2 = await t.preview(program(current));
    expect(pv2.changeSummary).toEqual({ same: 7 });
  });

  it("an existing object is refused unless adopt is set", async () => {
    await official.queue({ queueName: "handmade" }).upsert({ parallelism: 7 });
    const base = spec(replaced);
    const withHandmade = (adopt: boolean): Spec => ({
      ...base,
      resources: [
        ...base.resources,
        {
          type: "Queue",
          name: "handmade",
          args: { name: "handmade", parallelism: 1, ...(adopt ? { adopt } : {}) },
        },
      ],
    });
    await expect(t.up(program(withHandmade(false)))).rejects.toThrow(
      /queue "handmade" already exists.*adopt: true/s,
    );
    expect(dev.inventory().queues.find((q) => q.name === "handmade")).toMatchObject({ parallelism: 7 });
    const up = await t.up(program(withHandmade(true)));
    expect(up.summary.result).toBe("succeeded");
    expect(dev.inventory().queues.find((q) => q.name === "handmade")).toMatchObject({ parallelism: 1 });
  });

  it("a schedule fires and its delivery verifies with the stack's signing keys", async () => {
    const id = dev.inventory().schedules.find((s) => s.destination === "orders")!.scheduleId as string;
    hook.received.length = 0;
    dev.clock.trigger(id);
    await dev.settle(10_000);
    const got = hook.received.filter((r) => r.target === "/b" || r.target === "/c");
    expect(got.map((r) => r.target).sort()).toEqual(["/b", "/c"]);
    const r = new Receiver({ currentSigningKey: dev.currentSigningKey, nextSigningKey: dev.nextSigningKey });
    for (const d of got) {
      expect(d.headers["upstash-schedule-id"]).toBe(id);
      await expect(
        r.verify({
          signature: String(d.headers["upstash-signature"]),
          body: d.body,
          url: `${hook.url}${d.target}`,
        }),
      ).resolves.toBe(true);
    }
  });

  it("destroy removes everything it created and only that", async () => {
    await official.urlGroups.addEndpoints({
      name: "audit",
      endpoints: [{ url: `${hook.url}/other`, name: "other" }],
    });
    await t.destroy();
    const inv = dev.inventory();
    expect(inv.queues).toEqual([]);
    expect(inv.schedules).toEqual([]);
    // the Endpoint resource removed only its own endpoint from the shared group
    expect(inv.urlGroups.map((g) => [g.name, g.endpoints])).toEqual([
      ["audit", [{ name: "other", url: `${hook.url}/other` }]],
    ]);
    expect(devUs.inventory().queues).toEqual([]);
  });

  it("no token, signing key or secret value appears in state or CLI output", async () => {
    const artefacts = { state: states.join("\n"), output: t.output.join("\n") };
    expect(states.join("\n")).toContain("ciphertext");
    for (const [what, text] of Object.entries(artefacts)) {
      for (const secret of [
        TOKEN,
        TOKEN_US,
        SECRET_HEADER,
        SECRET_BODY,
        dev.currentSigningKey,
        dev.nextSigningKey,
      ]) {
        expect(text.includes(secret), `${what} contains a secret`).toBe(false);
      }
    }
    expect(calls()).toBeGreaterThan(0);
    // and the shared audit: `pulumi stack export` (no --show-secrets), request logs
    expect(
      auditSecrets({
        secrets: {
          token: TOKEN,
          tokenUs: TOKEN_US,
          header: SECRET_HEADER,
          body: SECRET_BODY,
          currentSigningKey: dev.currentSigningKey,
          nextSigningKey: dev.nextSigningKey,
        },
        stacks: [t],
        devservers: [dev, devUs],
        texts: { states: states.join("\n") },
      }),
    ).toEqual([]);
  });
});
