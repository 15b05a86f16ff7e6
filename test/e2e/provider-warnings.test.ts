/**
 * A warning of the provider reaches the CLI's output under the dynamic
 * provider too (the provider plugin's case is in plugin-yaml.test.ts): a
 * `refresh` that finds an endpoint added to a URL group out of band says so,
 * as a warning, and the next `up` removes it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { createStack, loadProgram, type TestStack } from "../support/stack.ts";

type Spec = { resources: Record<string, unknown>[] };
const program = loadProgram<(spec: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");
const TOKEN = "warnings-token-2c8d41";

describe("the dynamic provider's warnings reach the CLI", () => {
  let dev: DevServer;
  let t: TestStack;
  const spec: Spec = {
    resources: [
      {
        type: "UrlGroup",
        name: "orders",
        args: { name: "warn-orders", endpoints: [{ url: "http://127.0.0.1:9/a", name: "a" }] },
      },
    ],
  };

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 60_000 });
    t = await createStack({
      project: "pq-warnings",
      program: program(spec),
      config: { "qstash:url": { value: dev.url }, "qstash:token": { value: TOKEN, secret: true } },
    });
    // the stack and the URL group
    expect((await t.up()).summary.resourceChanges).toEqual({ create: 2 });
  });

  afterAll(async () => {
    await t?.dispose();
    await dev?.close();
  });

  it("refresh warns of an endpoint added out of band, and up removes it", async () => {
    const res = await fetch(`${dev.url}/v2/topics/warn-orders/endpoints`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ endpoints: [{ name: "stray", url: "http://127.0.0.1:9/stray" }] }),
    });
    expect(res.ok).toBe(true);
    t.output.length = 0;
    await t.refresh();
    expect(t.output.join("")).toMatch(
      /warning: .*"warn-orders" has endpoints that this UrlGroup resource does not declare: stray/s,
    );
    await t.up();
    const group = dev.inventory().urlGroups.find((g) => g.name === "warn-orders");
    const endpoints = (group?.endpoints ?? []) as Array<{ name?: string }>;
    expect(endpoints.map((e) => e.name)).toEqual(["a"]);
  });
});
