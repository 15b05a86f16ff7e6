/**
 * The Schedule handler's `read` by id alone (what `pulumi import` sends),
 * straight against the devserver: it refuses what it cannot read back in
 * full (ledger I1), takes every reported setting (I2), and a refresh of a
 * schedule the stack applied is unchanged by those rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { configure, handler } from "../../provider/runtime.js";

describe("Schedule read by id alone (import)", () => {
  let dev: DevServer;
  const schedule = handler("Schedule");
  const seed = (id: string) => ({ scheduleId: id, derivedScheduleId: "pulumi-import-test" });

  /** A schedule made with plain HTTP, as with curl. */
  async function createRaw(id: string, headers: Record<string, string>, body?: Uint8Array | string) {
    const r = await fetch(`${dev.url}/v2/schedules/http://127.0.0.1:9/${id}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${dev.token}`,
        "Upstash-Cron": "0 3 * * *",
        "Upstash-Schedule-Id": id,
        "Content-Type": "application/octet-stream",
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
    });
    expect(r.status, await r.clone().text()).toBe(200);
  }

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: "import-handler-token" });
    await configure({ config: { get: (k) => ({ "qstash:url": dev.url, "qstash:token": dev.token })[k] } });
  });
  afterAll(async () => {
    await dev.close();
  });

  it("I1: a body that is not UTF-8 is refused, naming it", async () => {
    await createRaw("binary", {}, new Uint8Array([0xff, 0xfe, 0x00, 0x80]));
    await expect(schedule.read("binary", seed("binary"))).rejects.toThrow(
      /schedule "binary" cannot be imported: QStash does not show its body \(not UTF-8\).*adopt: true/s,
    );
  });

  it("I1: with every header redacted, each one is named and the redact to declare is suggested; no value shown", async () => {
    await createRaw("allred", {
      "Upstash-Forward-Authorization": "Bearer fwd-secret",
      "Upstash-Redact-Fields": "header",
    });
    const err = await schedule.read("allred", seed("allred")).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).toMatch(/header "Authorization", "Content-Type" \(redacted\)/);
    expect(String(err)).toMatch(/redact: \{ header: \["Authorization", "Content-Type"\] \}/);
    expect(String(err)).not.toContain("fwd-secret");
  });

  it("I2: every reported setting is taken (retries 0, delay, timeout, method, labels, flow control)", async () => {
    await createRaw("settings", {
      "Upstash-Method": "PATCH",
      "Upstash-Retries": "0",
      "Upstash-Delay": "1m",
      "Upstash-Timeout": "20s",
      "Upstash-Label": "l1",
      "Upstash-Flow-Control-Key": "k",
      "Upstash-Flow-Control-Value": "rate=5, period=1m",
    });
    const r = await schedule.read("settings", seed("settings"));
    expect(r.inputs).toMatchObject({
      destination: "http://127.0.0.1:9/settings",
      method: "PATCH",
      retries: 0,
      contentType: "application/octet-stream",
      labels: ["l1"],
      flowControl: { key: "k", rate: 5, period: 60 },
      scheduleId: "settings",
    });
    expect(r.inputs?.delay).toBeTruthy();
    expect(r.inputs?.timeout).toBeTruthy();
  });

  it("a refresh (applied inputs known) still ignores the plan's default retries the program never set (P1)", async () => {
    await createRaw("refresh", {});
    const r = await schedule.read("refresh", {
      ...seed("refresh"),
      destination: "http://127.0.0.1:9/refresh",
      cron: "0 3 * * *",
    });
    expect(r.inputs?.retries).toBeUndefined();
  });
});
