/**
 * The provider's CRUD handlers straight against the devserver (no CLI): the
 * rules for taking back objects an interrupted `up` left behind (only a
 * schedule's derived id is its own) and refusing everything else unless
 * adopted, whatever its settings.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { newClient } from "../../provider/connection.js";
import { configure, handler } from "../../provider/runtime.js";
import { Client } from "../../sdk/client/index.js";
import { ValidationError } from "../../sdk/errors.js";

describe("create takes back its own schedule and refuses anything else that exists", () => {
  let dev: DevServer;
  let client: Client;
  const schedule = handler("Schedule");
  const checked = async (news: Record<string, unknown>) => {
    const r = await schedule.check({}, { derivedScheduleId: "pulumi-test", ...news });
    expect(r.failures).toBeUndefined();
    return r.inputs!;
  };

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: "handlers-token" });
    client = new Client({ baseUrl: dev.url, token: dev.token });
    await configure({ config: { get: (k) => ({ "qstash:url": dev.url, "qstash:token": dev.token })[k] } });
  });
  afterAll(async () => {
    await client.close();
    await dev.close();
  });

  it("a schedule under a user-chosen id is refused even with exactly the declared settings", async () => {
    const inputs = await checked({
      destination: "http://127.0.0.1:9/a",
      cron: "0 1 * * *",
      scheduleId: "mine.1",
      retries: 2,
    });
    // what another stack with the same program (or this one under an old resource name) holds
    await client.schedules.create({
      destination: "http://127.0.0.1:9/a",
      cron: "0 1 * * *",
      scheduleId: "mine.1",
      retries: 2,
      headers: { "Content-Type": "application/json" },
    });
    await expect(schedule.create(inputs)).rejects.toThrow(
      /schedule "mine.1" already exists.*aliases.*adopt: true.*pulumi import/s,
    );
    const r = await schedule.create({ ...inputs, adopt: true });
    expect(r.id).toBe("mine.1");
    expect(dev.inventory().schedules.filter((s) => s.scheduleId === "mine.1")).toHaveLength(1);
  });

  it("a queue or URL group is refused even with exactly the declared settings, and left untouched", async () => {
    const queue = handler("Queue");
    await client.queues.upsert({ queueName: "twin-q", parallelism: 2, paused: false });
    const q = (await queue.check({}, { name: "twin-q", parallelism: 2 })).inputs!;
    await expect(queue.create(q)).rejects.toThrow(/queue "twin-q" already exists.*aliases.*adopt: true/s);
    // a queue an enqueue created (parallelism 1, not paused): the same
    await client.enqueue({ queueName: "implicit-q", url: "http://127.0.0.1:9/x", body: "{}" });
    const implicit = (await queue.check({}, { name: "implicit-q" })).inputs!;
    await expect(queue.create(implicit)).rejects.toThrow(/queue "implicit-q" already exists/);
    const group = handler("UrlGroup");
    const endpoints = [{ url: "http://127.0.0.1:9/g", name: "g" }];
    await client.urlGroups.addEndpoints({ name: "twin-g", endpoints });
    const g = (await group.check({}, { name: "twin-g", endpoints })).inputs!;
    await expect(group.create(g)).rejects.toThrow(/URL group "twin-g" already exists.*adopt: true/s);
    expect(
      dev
        .inventory()
        .queues.map((x) => x.name)
        .sort(),
    ).toEqual(["implicit-q", "twin-q"]);
    expect(dev.inventory().urlGroups.map((x) => x.name)).toEqual(["twin-g"]);
    // adopted, both are taken over
    expect((await queue.create({ ...q, adopt: true })).id).toBe("twin-q");
    expect((await group.create({ ...g, adopt: true })).id).toBe("twin-g");
  });

  it("X1: a redacted schedule of its own is still recognised and reads back without drift", async () => {
    const declared = {
      destination: "http://127.0.0.1:9/r",
      cron: "0 4 * * *",
      derivedScheduleId: "pulumi-redacted",
      body: "secret-body",
      headers: { Authorization: "Bearer secret" },
      redact: { body: true as const, header: true as const },
    };
    const inputs = await checked(declared);
    // what an interrupted `up` leaves behind: the schedule exists under its derived id, the state does not
    const { derivedScheduleId: _, ...request } = declared;
    await client.schedules.create({
      ...request,
      scheduleId: "pulumi-redacted",
      headers: { ...declared.headers, "Content-Type": "application/json" },
    });
    expect((await client.schedules.get("pulumi-redacted")).body).toMatch(/^REDACTED:/);
    const r = await schedule.create(inputs);
    expect(r.id).toBe("pulumi-redacted");
    const read = await schedule.read("pulumi-redacted", r.outs);
    expect(read.inputs).toMatchObject({ body: "secret-body", headers: { Authorization: "Bearer secret" } });
    const d = await schedule.diff("pulumi-redacted", read.props!, inputs);
    expect(d.changes).toBe(false);
  });

  it("a different schedule under that id is refused unless adopt is set, and is left untouched", async () => {
    await client.schedules.create({
      destination: "http://127.0.0.1:9/b",
      cron: "0 2 * * *",
      scheduleId: "theirs.1",
    });
    const inputs = await checked({
      destination: "http://127.0.0.1:9/b",
      cron: "0 3 * * *",
      scheduleId: "theirs.1",
    });
    await expect(schedule.create(inputs)).rejects.toThrow(/schedule "theirs.1" already exists.*adopt: true/s);
    expect(dev.inventory().schedules.find((s) => s.scheduleId === "theirs.1")).toMatchObject({
      cron: "0 2 * * *",
    });
    await schedule.create({ ...inputs, adopt: true });
    expect(dev.inventory().schedules.find((s) => s.scheduleId === "theirs.1")).toMatchObject({
      cron: "0 3 * * *",
    });
  });

  it("a schedule under the derived id is always its own and is taken back", async () => {
    await client.schedules.create({
      destination: "http://127.0.0.1:9/c",
      cron: "0 4 * * *",
      scheduleId: "pulumi-test",
    });
    const r = await schedule.create(
      await checked({ destination: "http://127.0.0.1:9/c", cron: "0 5 * * *" }),
    );
    expect(r.id).toBe("pulumi-test");
    expect(dev.inventory().schedules.find((s) => s.scheduleId === "pulumi-test")).toMatchObject({
      cron: "0 5 * * *",
    });
  });
});

describe("inline endpoints and Endpoint resources on one group", () => {
  it("refresh names the endpoints a UrlGroup did not create, and says what to do", async () => {
    const dev = await startDevServer({ port: 0, token: "conflict-token" });
    const client = new Client({ baseUrl: dev.url, token: dev.token });
    try {
      await configure({ config: { get: (k) => ({ "qstash:url": dev.url, "qstash:token": dev.token })[k] } });
      const group = handler("UrlGroup");
      const inputs = (
        await group.check({}, { name: "shared", endpoints: [{ url: "http://127.0.0.1:9/a", name: "a" }] })
      ).inputs!;
      const created = await group.create(inputs);
      // another stack's Endpoint resource attaches to the same group
      await handler("Endpoint").create({ urlGroup: "shared", url: "http://127.0.0.1:9/b", name: "b" });
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const r = await group.read(created.id, created.outs);
      expect(r.inputs?.endpoints).toHaveLength(2);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(
        /does not declare: b \(http:\/\/127\.0\.0\.1:9\/b\).*in one place/s,
      );
      warn.mockRestore();
    } finally {
      await client.close();
      await dev.close();
    }
  });
});

describe("a token read from a file (trailing newline) works; only a missing token says so", () => {
  let dev: DevServer;
  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: "file-token-61c0" });
  });
  afterAll(async () => {
    await dev.close();
  });

  it("qstash:token and a connection token with surrounding whitespace reach QStash trimmed", async () => {
    await configure({
      config: { get: (k) => ({ "qstash:url": dev.url, "qstash:token": `${dev.token}\n` })[k] },
    });
    const queue = handler("Queue");
    const q = (await queue.check({}, { name: "from-file" })).inputs!;
    expect((await queue.create(q)).id).toBe("from-file");
    const overridden = await queue.check(
      {},
      { name: "from-file-2", connection: { url: dev.url, token: ` ${dev.token}\r\n` } },
    );
    expect(overridden.inputs?.connection).toEqual({ url: dev.url, token: dev.token });
    expect((await queue.create(overridden.inputs!)).id).toBe("from-file-2");
    expect(
      dev
        .inventory()
        .queues.map((x) => x.name)
        .sort(),
    ).toEqual(["from-file", "from-file-2"]);
  });

  it("a line break inside a token is refused naming it, never echoing it, and is not called missing", async () => {
    const bad = "tok-51aa\nX-Injected: 1";
    const r = await handler("Queue").check({}, { name: "q", connection: { token: bad } });
    expect(r.failures?.map((f) => f.property)).toEqual(["connection.token"]);
    expect(r.failures?.[0]?.reason).toMatch(/connection\.token: must not contain a line break/);
    expect(JSON.stringify(r)).not.toContain("tok-51aa");
    const err = await newClient({ url: dev.url, token: bad }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(String((err as Error).message)).toMatch(/token: must not contain a line break/);
    expect(String((err as Error).message)).not.toMatch(/no QStash token|tok-51aa/);
  });

  it("a missing token still says how to set one", async () => {
    const saved = process.env.QSTASH_TOKEN;
    delete process.env.QSTASH_TOKEN;
    try {
      await expect(newClient({ url: dev.url })).rejects.toThrow(/qstash:token: no QStash token/);
      await expect(newClient({ url: dev.url, token: " \n" })).rejects.toThrow(
        /qstash:token: no QStash token/,
      );
    } finally {
      if (saved !== undefined) process.env.QSTASH_TOKEN = saved;
    }
  });
});
