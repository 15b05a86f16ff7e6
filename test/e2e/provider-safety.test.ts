/**
 * Changes that must never delete a live object, through the real `pulumi`
 * CLI and the dynamic provider: a `connection` override that leads to the
 * same QStash (an update, not a replace), and a move under the same name
 * (delete-before-replace, so the replacement is not removed by the delete
 * that follows it). And objects this stack's resources did not create are
 * never taken over silently: not after a resource is renamed, not by a
 * second stack running the same program, not when an enqueue made the queue.
 */
import { Client as UpstashClient } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { createStack, loadProgram, type TestStack } from "../support/stack.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

type Resource = Record<string, unknown>;
type Spec = { resources: Resource[] };
const program = loadProgram<(spec: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");

const TOKEN = "safety-token-5e2a9c71";

describe("no change of connection, resource name or stack deletes or takes over a live object", () => {
  let dev: DevServer;
  let proxy: TcpProxy;
  let t: TestStack;

  /**
   * The program: a queue, a URL group and a schedule with a derived id (`queue`, `group`,
   * `schedule`: extra args); `renamed` gives the queue and group new Pulumi names, `aliases`
   * the other names (old or new) as aliases.
   */
  const spec = (
    o: {
      queue?: Resource;
      group?: Resource;
      schedule?: Resource;
      renamed?: boolean;
      aliases?: boolean;
      extra?: Resource[];
    } = {},
  ): Spec => ({
    resources: [
      {
        type: "Queue",
        name: o.renamed ? "email-queue" : "emails",
        ...(o.aliases ? { opts: { aliases: [{ name: o.renamed ? "emails" : "email-queue" }] } } : {}),
        args: { name: "emails2", parallelism: 3, ...o.queue },
      },
      {
        type: "UrlGroup",
        name: o.renamed ? "order-group" : "orders",
        ...(o.aliases ? { opts: { aliases: [{ name: o.renamed ? "orders" : "order-group" }] } } : {}),
        args: { name: "orders-s", endpoints: [{ url: "http://127.0.0.1:9/a", name: "a" }], ...o.group },
      },
      {
        type: "Schedule",
        name: "nightly",
        args: { destination: "http://127.0.0.1:9/n", cron: "0 3 * * *", ...o.schedule },
      },
      ...(o.extra ?? []),
    ],
  });
  const inventory = () => {
    const inv = dev.inventory();
    return {
      queues: inv.queues.map((q) => [q.name, q.parallelism]),
      groups: inv.urlGroups.map((g) => g.name),
      schedules: inv.schedules.map((s) => s.scheduleId),
    };
  };
  let created: ReturnType<typeof inventory>;

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 60_000 });
    proxy = await startTcpProxy(dev.url);
    t = await createStack({
      project: "pq-safety",
      program: program(spec()),
      config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
    });
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ create: 4 });
    created = inventory();
    expect(created.queues).toEqual([["emails2", 3]]);
    expect(created.groups).toEqual(["orders-s"]);
    expect(created.schedules).toHaveLength(1);
  });

  afterAll(async () => {
    await t?.dispose();
    await proxy?.close();
    await dev?.close();
  });

  it("an override that resolves to the stack's own QStash is an update, not a replace", async () => {
    const same = spec({
      queue: { connection: { url: dev.url, token: TOKEN } },
      group: { connection: { url: `${dev.url}/` } },
      schedule: { connection: { region: "eu-central-1", url: dev.url } },
    });
    const pv = await t.preview(program(same));
    expect(pv.changeSummary).toEqual({ update: 3, same: 1 });
    const up = await t.up(program(same));
    expect(up.summary.resourceChanges).toEqual({ update: 3, same: 1 });
    expect(inventory()).toEqual(created);
    expect((await t.preview(program(same))).changeSummary).toEqual({ same: 4 });
  });

  it("a move to another URL under the same name deletes first: the objects are still there", async () => {
    // another address of the same devserver: the case where a create-first replace would take the
    // objects over and the delete that follows would remove them
    const moved = spec({
      queue: { connection: { url: proxy.url, token: TOKEN } },
      group: { connection: { url: proxy.url } },
      schedule: { connection: { url: proxy.url } },
    });
    const up = await t.up(program(moved));
    expect(up.summary.resourceChanges).toEqual({ replace: 3, same: 1 });
    expect(inventory()).toEqual(created);
    expect((await t.preview(program(moved))).changeSummary).toEqual({ same: 4 });
    // and back to the stack's configuration
    await t.up(program(spec()));
    expect(inventory()).toEqual(created);
  });

  it("renaming a resource (same QStash name) is refused, not a takeover and delete; aliases keep it", async () => {
    const err = await t.up(program(spec({ renamed: true }))).then(
      () => undefined,
      (e: Error) => e,
    );
    // `up` stops at its first failure: the queue's refusal, the group's, or both
    expect(err?.message).toMatch(
      /(queue "emails2"|URL group "orders-s") already exists.*aliases: \[\{ name: "<old name>" \}\]/s,
    );
    // nothing was deleted, and the state still has the old resources
    expect(inventory()).toEqual(created);
    expect((await t.preview(program(spec()))).changeSummary).toEqual({ same: 4 });
    const aliased = spec({ renamed: true, aliases: true });
    const up = await t.up(program(aliased));
    expect(up.summary.resourceChanges).toEqual({ same: 4 });
    expect(inventory()).toEqual(created);
    // and back to the old names the same way
    expect((await t.up(program(spec({ aliases: true })))).summary.resourceChanges).toEqual({ same: 4 });
    expect((await t.preview(program(spec()))).changeSummary).toEqual({ same: 4 });
  });

  it("a second stack running the same program adopts nothing, and its destroy deletes nothing of the first", async () => {
    const t2 = await createStack({
      project: "pq-safety",
      stack: "dev2",
      program: program(spec()),
      config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
    });
    try {
      const err = await t2.up().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/(queue "emails2"|URL group "orders-s") already exists.*adopt: true/s);
      await t2.destroy();
      // the first stack's objects are all still there (dev2's schedule had its own derived id)
      expect(inventory()).toEqual(created);
    } finally {
      await t2.dispose();
    }
  });

  it("an Endpoint resource for an endpoint already in a group is refused without adopt", async () => {
    const t3 = await createStack({
      project: "pq-safety",
      stack: "dev3",
      program: program({
        resources: [
          {
            type: "Endpoint",
            name: "a",
            args: { urlGroup: "orders-s", url: "http://127.0.0.1:9/a", name: "a" },
          },
        ],
      }),
      config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
    });
    try {
      const err = await t3.up().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/endpoint "orders-s\/a" already exists.*adopt: true/s);
      await t3.destroy();
      // the group keeps the first stack's endpoint
      const group = dev.inventory().urlGroups.find((g) => g.name === "orders-s");
      const endpoints = (group?.endpoints ?? []) as Array<{ name?: string }>;
      expect(endpoints.map((e) => e.name)).toEqual(["a"]);
    } finally {
      await t3.dispose();
    }
  });

  it("a queue an enqueue created is refused without adopt and left as it was", async () => {
    const official = new UpstashClient({ baseUrl: dev.url, token: TOKEN });
    await official.queue({ queueName: "implicit" }).enqueueJSON({ url: "http://127.0.0.1:9/x", body: {} });
    const withImplicit = spec({ extra: [{ type: "Queue", name: "implicit", args: { name: "implicit" } }] });
    await expect(t.up(program(withImplicit))).rejects.toThrow(
      /queue "implicit" already exists.*adopt: true/s,
    );
    await t.up(program(spec()));
    expect(
      dev
        .inventory()
        .queues.map((q) => q.name)
        .sort(),
    ).toEqual(["emails2", "implicit"]);
  });

  it("an unknown qstash:region fails the preview naming it, even with qstash:url set, before any call", async () => {
    const bad = await createStack({
      project: "pq-safety",
      stack: "badregion",
      program: program(spec()),
      config: {
        "qstash:url": { value: dev.url },
        "qstash:token": { value: TOKEN, secret: true },
        "qstash:region": { value: "mars-1" },
      },
    });
    try {
      dev.requestLog.clear();
      await expect(bad.preview()).rejects.toThrow(
        /qstash:region: expected one of eu-central-1 .*got "mars-1"/,
      );
      expect(dev.requestLog.entries()).toEqual([]);
    } finally {
      await bad.dispose();
    }
  });

  it("no token in state or output", () => {
    expect(
      auditSecrets({
        secrets: { token: TOKEN },
        stacks: [t],
        devservers: [dev],
        texts: { state: t.stateFileText(), output: t.output.join("\n") },
      }),
    ).toEqual([]);
  });
});
