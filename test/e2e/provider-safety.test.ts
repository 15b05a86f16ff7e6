/**
 * Changes that must never delete a live object, through the real `pulumi`
 * CLI and the dynamic provider: a `connection` override that leads to the
 * same QStash (an update, not a replace), and a move under the same name
 * (delete-before-replace, so the replacement is not removed by the delete
 * that follows it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.mjs";
import { createStack, loadProgram, type TestStack } from "../support/stack.mjs";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

type Resource = Record<string, unknown>;
type Spec = { resources: Resource[] };
const program = loadProgram<(spec: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");

const TOKEN = "safety-token-5e2a9c71";

describe("connection overrides and same-name replacements keep live objects", () => {
  let dev: DevServer;
  let proxy: TcpProxy;
  let t: TestStack;

  /** The program: a queue, a URL group and a schedule with a derived id, each with `connection`. */
  const spec = (o: { queue?: Resource; group?: Resource; schedule?: Resource } = {}): Spec => ({
    resources: [
      { type: "Queue", name: "emails", args: { name: "emails2", parallelism: 3, ...o.queue } },
      {
        type: "UrlGroup",
        name: "orders",
        args: { name: "orders-s", endpoints: [{ url: "http://127.0.0.1:9/a", name: "a" }], ...o.group },
      },
      {
        type: "Schedule",
        name: "nightly",
        args: { destination: "http://127.0.0.1:9/n", cron: "0 3 * * *", ...o.schedule },
      },
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
