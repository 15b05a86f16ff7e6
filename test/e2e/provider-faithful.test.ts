/**
 * The provider declares what the real QStash accepts (docs/qstash-behaviour.md),
 * through the real `pulumi` CLI against the devserver: a forwarded
 * `Authorization` header (H1), a bare-origin destination (U1), an endpoint
 * name with a space (N2), callback headers and settings (H2), `redact` (X1),
 * and credentials from the official region variables with no `qstash:*`
 * config at all (R2). A no-op preview makes no QStash call, a refresh finds no
 * drift, and no secret reaches state or output.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { type Destination, startDestination } from "../support/devserver.js";
import { createStack, loadProgram, type TestStack } from "../support/stack.ts";

type Spec = { resources: Record<string, unknown>[] };
const program = loadProgram<(spec: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");

const TOKEN = "faithful-us-token-4d1e9a";
const DEST_AUTH = "Bearer dest-secret-9f31c2";
const CB_AUTH = "Bearer callback-secret-77ab10";
const FAIL_KEY = "failure-secret-2c8e5d";
const BODY = "redacted-body-secret-a1b2c3";

describe("the provider accepts, sends and keeps exactly what QStash does", () => {
  let dev: DevServer;
  let hook: Destination;
  let t: TestStack;
  const states: string[] = [];

  const spec = (): Spec => ({
    resources: [
      {
        type: "UrlGroup",
        name: "team",
        args: { name: "team", endpoints: [{ url: `${hook.url}/first`, name: "First endpoint" }] },
      },
      {
        type: "Endpoint",
        name: "audit",
        args: { urlGroup: "audit", url: `${hook.url}/audit`, name: "Audit endpoint" },
      },
      {
        type: "Schedule",
        name: "protected",
        secret: ["body"],
        args: {
          // a bare origin: QStash stores it without a trailing slash
          destination: hook.url,
          cron: "0 3 * * *",
          body: BODY,
          headers: { Authorization: DEST_AUTH, "x-tenant": "acme" },
          callback: `${hook.url}/callback`,
          failureCallback: `${hook.url}/failed`,
          callbackHeaders: { Authorization: CB_AUTH },
          failureCallbackHeaders: { "X-Failure-Key": FAIL_KEY },
          callbackMethod: "PUT",
          callbackRetries: 1,
          failureCallbackTimeout: "30s",
          redact: { body: true, header: ["Authorization"] },
          labels: ["nightly run"],
          flowControl: { key: "tenant acme", ratePerSecond: 2 },
          scheduleId: "protected.nightly",
        },
      },
    ],
  });

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN });
    hook = await startDestination();
    t = await createStack({
      project: "pq-faithful",
      program: program(spec()),
      // no qstash:* config: the official multi-region variables only (R2)
      env: {
        QSTASH_REGION: "us-east-1",
        US_EAST_1_QSTASH_URL: dev.url,
        US_EAST_1_QSTASH_TOKEN: TOKEN,
        QSTASH_TOKEN: "",
        QSTASH_URL: "",
      },
    });
  });
  afterEach(() => {
    states.push(t.stateFileText());
  });
  afterAll(async () => {
    await t?.dispose();
    await dev?.close();
    await hook?.close();
  });

  it("up creates everything through the region's credentials, exactly as declared", async () => {
    const up = await t.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges?.create).toBe(4); // 3 resources + the stack
    const inv = dev.inventory();
    const groups = Object.fromEntries(inv.urlGroups.map((g) => [g.name, g.endpoints]));
    expect(groups.team).toEqual([{ name: "First endpoint", url: `${hook.url}/first` }]);
    expect(groups.audit).toEqual([{ name: "Audit endpoint", url: `${hook.url}/audit` }]);
    const s = inv.schedules.find((x) => x.scheduleId === "protected.nightly")!;
    expect(s.destination).toBe(hook.url);
    // the devserver redacts on get/list as QStash does
    expect(s.body).toMatch(/^REDACTED:/);
    const header = s.header as Record<string, string[]>;
    expect(header.Authorization?.[0]).toMatch(/^REDACTED:/);
    expect(header["X-Tenant"]).toEqual(["acme"]);
    expect(s.callbackHeader).toEqual({ Authorization: [CB_AUTH] });
    expect(s).toMatchObject({ flowControlKey: "tenant acme", rate: 2, labels: ["nightly run"] });
    // retries were not declared: QStash's (plan) default, not a hard-coded one, was not sent
    expect(s.retries).toBe(3);
  });

  it("a no-op preview and up make no QStash call", async () => {
    dev.requestLog.clear();
    const pv = await t.preview();
    expect(pv.changeSummary).toEqual({ same: 4 });
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ same: 4 });
    expect(dev.requestLog.entries()).toEqual([]);
  });

  it("refresh finds no drift: redacted values, bare origin, unset retries", async () => {
    await t.refresh();
    const pv = await t.preview();
    expect(pv.changeSummary).toEqual({ same: 4 });
  });

  it("a delivery carries the forwarded Authorization; the callback gets its own headers and method", async () => {
    hook.received.length = 0;
    dev.clock.trigger("protected.nightly");
    await dev.settle(10_000);
    const delivery = hook.received.find((r) => r.target === "/");
    expect(delivery?.headers.authorization).toBe(DEST_AUTH);
    expect(delivery?.headers["x-tenant"]).toBe("acme");
    expect(delivery?.body).toBe(BODY);
    const cb = hook.received.find((r) => r.target === "/callback");
    expect(cb?.method).toBe("PUT");
    expect(cb?.headers.authorization).toBe(CB_AUTH);
  });

  it("destroy removes everything", async () => {
    await t.destroy();
    const inv = dev.inventory();
    expect(inv.schedules).toEqual([]);
    expect(inv.urlGroups).toEqual([]);
  });

  it("no token or secret header, body or callback header appears in state or CLI output", () => {
    expect(states.join("\n")).toContain("ciphertext");
    expect(
      auditSecrets({
        secrets: { token: TOKEN, destAuth: DEST_AUTH, cbAuth: CB_AUTH, failKey: FAIL_KEY, body: BODY },
        stacks: [t],
        texts: { states: states.join("\n"), output: t.output.join("\n") },
      }),
    ).toEqual([]);
  });
});
