/**
 * The provider plugin (bin/pulumi-resource-qstash) under a Pulumi YAML
 * program, through the real `pulumi` CLI and `pulumi-language-yaml`, against
 * the devserver: create, no-op preview without a QStash call, in-place
 * update, a connection override that leads to the same QStash (an update,
 * not a replace) and one that moves (delete-before-replace, so the same-named
 * object survives), refresh, explicit provider, destroy; no secret in state
 * or output.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { packageSchema } from "../../provider/plugin/schema.js";
import { auditSecrets } from "../support/audit.ts";
import { repoBuildInfo } from "../support/build-info.js";
import { type CliProject, cliProject } from "../support/cli-project.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const TOKEN = "yaml-plugin-token-8d1f2e";
const API_KEY = "yaml-header-secret-4a7c19";
/** Written in plain text in the program: forwarded headers are stored as secrets anyway. */
const PLAIN_HEADER = "yaml-plain-header-77c3a0";
const PAYLOAD = "yaml-body-secret-0be5d1";

function program(
  pluginDir: string,
  o: {
    parallelism: number;
    cron: string;
    endpoints: string[];
    explicit?: boolean;
    /** `connection` overrides: of the queue, of the schedule (YAML flow maps). */
    queueConnection?: string;
    scheduleConnection?: string;
  },
): string {
  // the README's form: a `{ }` mapping, the interpolation quoted
  const provider = o.explicit ? `\n    options: { provider: "\${eu}" }` : "";
  const conn = (c: string | undefined) => (c ? `\n      connection: ${c}` : "");
  return `name: pq-yaml
runtime: yaml
plugins:
  providers:
    - name: qstash
      path: ${pluginDir}
config:
  apiKey:
    type: string
    secret: true
  payload:
    type: string
    secret: true
resources:
${
  o.explicit
    ? `  eu:
    type: pulumi:providers:qstash
    properties:
      url: \${qstash:url}
      token: \${qstash:token}
`
    : ""
}  orders:
    type: qstash:index:UrlGroup
    properties:
      name: yaml-orders
      endpoints:
${o.endpoints.map((e) => `        - name: ${e}\n          url: http://127.0.0.1:9/${e}`).join("\n")}${provider}
  nightly:
    type: qstash:index:Schedule
    properties:
      destination: \${orders.name}
      cron: "${o.cron}"
      headers:
        X-Api-Key: \${apiKey}
        X-Plain: ${PLAIN_HEADER}
      body: \${payload}
      retries: 2${conn(o.scheduleConnection)}${provider}
  jobs:
    type: qstash:index:Queue
    properties:
      name: yaml-jobs
      parallelism: ${o.parallelism}${conn(o.queueConnection)}${provider}
variables:
  keys:
    fn::invoke:
      function: qstash:index:getSigningKeys
      arguments: {}
outputs:
  group: \${orders.name}
  scheduleId: \${nightly.scheduleId}
  queue: \${jobs.name}
  currentSigningKey: \${keys.currentSigningKey}
`;
}

describe("Pulumi YAML through the provider plugin", () => {
  let dev: DevServer;
  let p: CliProject;
  const initial = { parallelism: 2, cron: "0 2 * * *", endpoints: ["api"] };

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 60_000 });
    p = cliProject("yaml");
    p.writeProject(program(p.pluginDir, initial));
    await p.pulumi(["stack", "init", "dev"]);
    await p.pulumi(["config", "set", "qstash:url", dev.url]);
    await p.pulumi(["config", "set", "--secret", "qstash:token", TOKEN]);
    await p.pulumi(["config", "set", "--secret", "apiKey", API_KEY]);
    await p.pulumi(["config", "set", "--secret", "payload", PAYLOAD]);
  });

  afterAll(async () => {
    await p?.pulumi(["destroy", "--yes", "--non-interactive"]).catch(() => {});
    await p?.dispose();
    await dev?.close();
  });

  it("`pulumi package get-schema` prints the plugin's schema", async () => {
    const { stdout } = await p.pulumi(["package", "get-schema", join(p.pluginDir, "pulumi-resource-qstash")]);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(packageSchema(repoBuildInfo()))));
  });

  it("up creates a URL group, a schedule with a secret header and a queue", async () => {
    const { stdout } = await p.pulumi(["up", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/\+ 4 created/); // stack + 3 resources
    const inv = dev.inventory();
    expect(inv.urlGroups.map((g) => g.name)).toEqual(["yaml-orders"]);
    expect(inv.queues.map((q) => [q.name, q.parallelism])).toEqual([["yaml-jobs", 2]]);
    expect(inv.schedules).toHaveLength(1);
    const s = inv.schedules[0] as {
      destination: string;
      cron: string;
      scheduleId: string;
      header?: Record<string, string[]>;
    };
    expect(s.destination).toBe("yaml-orders");
    expect(s.cron).toBe("0 2 * * *");
    expect(s.header?.["X-Api-Key"]).toEqual([API_KEY]);
    expect(s.header?.["X-Plain"]).toEqual([PLAIN_HEADER]);
    const { stdout: out } = await p.pulumi(["stack", "output", "--json"]);
    const outputs = JSON.parse(out);
    expect(outputs.scheduleId).toBe(s.scheduleId);
    expect(outputs.scheduleId).toMatch(/^pulumi-[0-9a-f]{24}$/);
    expect(outputs.currentSigningKey).toBe("[secret]");
  });

  it("state stores the header as a secret and never holds the token", async () => {
    const state = JSON.parse(p.stateText());
    const sched = state.checkpoint.latest.resources.find(
      (r: { type: string }) => r.type === "qstash:index:Schedule",
    );
    expect(sched.inputs.headers).toHaveProperty("ciphertext");
    expect(sched.outputs.headers).toHaveProperty("ciphertext");
    expect(sched.inputs.body).toHaveProperty("ciphertext");
    expect(sched.outputs.body).toHaveProperty("ciphertext");
    const hits = auditSecrets({
      secrets: { token: TOKEN, apiKey: API_KEY, plainHeader: PLAIN_HEADER, payload: PAYLOAD },
      devservers: [dev],
      texts: { state: p.stateText(), output: p.output.join("\n") },
    });
    expect(hits).toEqual([]);
  });

  it("a no-op preview reports no changes and makes no QStash call", async () => {
    dev.requestLog.clear();
    const { stdout } = await p.pulumi(["preview", "--non-interactive", "--expect-no-changes", "--diff"]);
    expect(stdout).toMatch(/4 unchanged/);
    // getSigningKeys is a read the program makes on purpose; no resource makes a call
    expect(dev.requestLog.entries().filter((e) => e.path !== "/v2/keys")).toEqual([]);
  });

  it("changed settings update in place and keep the ids", async () => {
    const before = dev.inventory().schedules[0]!.scheduleId;
    p.writeProject(
      program(p.pluginDir, { parallelism: 4, cron: "*/30 * * * *", endpoints: ["api", "audit"] }),
    );
    const { stdout: diff } = await p.pulumi(["preview", "--non-interactive", "--diff"]);
    expect(diff).toMatch(/~ 3 to update/);
    expect(diff).not.toMatch(/replace/);
    const { stdout } = await p.pulumi(["up", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/~ 3 updated/);
    const inv = dev.inventory();
    expect(inv.schedules.map((s) => [s.scheduleId, s.cron])).toEqual([[before, "*/30 * * * *"]]);
    expect(inv.queues[0]?.parallelism).toBe(4);
    const endpoints = (inv.urlGroups[0] as { endpoints: { name: string }[] }).endpoints;
    expect(endpoints.map((e) => e.name).sort()).toEqual(["api", "audit"]);
  });

  it("a connection override that leads to the same QStash updates in place; nothing is deleted", async () => {
    const ids = dev.inventory().schedules.map((s) => s.scheduleId);
    const current = { parallelism: 4, cron: "*/30 * * * *", endpoints: ["api", "audit"] };
    p.writeProject(
      program(p.pluginDir, {
        ...current,
        queueConnection: `{ url: "\${qstash:url}", token: "\${qstash:token}" }`,
        scheduleConnection: `{ region: eu-central-1, url: "\${qstash:url}" }`,
      }),
    );
    const { stdout: diff } = await p.pulumi(["preview", "--non-interactive", "--diff"]);
    expect(diff).toMatch(/~ 2 to update/);
    expect(diff).not.toMatch(/replace/);
    await p.pulumi(["up", "--yes", "--non-interactive"]);
    const inv = dev.inventory();
    expect(inv.queues.map((q) => [q.name, q.parallelism])).toEqual([["yaml-jobs", 4]]);
    expect(inv.schedules.map((s) => s.scheduleId)).toEqual(ids);
  });

  it("a move to another URL under the same name deletes first, so the new object survives", async () => {
    // another address of the same devserver: the worst case, where create-first would take the
    // queue over and the delete that follows would remove it
    const proxy: TcpProxy = await startTcpProxy(dev.url);
    try {
      const ids = dev.inventory().schedules.map((s) => s.scheduleId);
      const moved = {
        parallelism: 4,
        cron: "*/30 * * * *",
        endpoints: ["api", "audit"],
        queueConnection: `{ url: "${proxy.url}" }`,
        scheduleConnection: `{ url: "${proxy.url}" }`,
      };
      p.writeProject(program(p.pluginDir, moved));
      const { stdout } = await p.pulumi(["up", "--yes", "--non-interactive"]);
      expect(stdout).toMatch(/\+-2 replaced/);
      const inv = dev.inventory();
      expect(inv.queues.map((q) => [q.name, q.parallelism])).toEqual([["yaml-jobs", 4]]);
      expect(inv.schedules.map((s) => s.scheduleId)).toEqual(ids);
      // and back, the same way
      p.writeProject(
        program(p.pluginDir, { parallelism: 4, cron: "*/30 * * * *", endpoints: ["api", "audit"] }),
      );
      await p.pulumi(["up", "--yes", "--non-interactive"]);
      expect(dev.inventory().queues.map((q) => q.name)).toEqual(["yaml-jobs"]);
      expect(dev.inventory().schedules.map((s) => s.scheduleId)).toEqual(ids);
    } finally {
      await proxy.close();
    }
  });

  it("refresh sees an out-of-band change and up repairs it", async () => {
    const res = await fetch(`${dev.url}/v2/queues`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ queueName: "yaml-jobs", parallelism: 9 }),
    });
    expect(res.ok).toBe(true);
    await p.pulumi(["refresh", "--yes", "--non-interactive"]);
    const { stdout } = await p.pulumi(["preview", "--non-interactive", "--diff"]);
    expect(stdout).toMatch(/parallelism\s*:\s*9\s*=>\s*4/);
    await p.pulumi(["up", "--yes", "--non-interactive"]);
    expect(dev.inventory().queues[0]?.parallelism).toBe(4);
  });

  it("refresh warns, in the CLI's output, of an endpoint added out of band, and up removes it", async () => {
    const res = await fetch(`${dev.url}/v2/topics/yaml-orders/endpoints`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ endpoints: [{ name: "stray", url: "http://127.0.0.1:9/stray" }] }),
    });
    expect(res.ok).toBe(true);
    const { stdout, stderr } = await p.pulumi(["refresh", "--yes", "--non-interactive"]);
    expect(`${stdout}\n${stderr}`).toMatch(
      /warning: .*"yaml-orders" has endpoints that this UrlGroup resource does not declare: stray/s,
    );
    await p.pulumi(["up", "--yes", "--non-interactive"]);
    const group = dev.inventory().urlGroups.find((g) => g.name === "yaml-orders");
    const endpoints = (group?.endpoints ?? []) as Array<{ name?: string }>;
    expect(endpoints.length).toBeGreaterThan(0);
    expect(endpoints.map((e) => e.name)).not.toContain("stray");
  });

  it("refresh drops an object deleted out of band and up creates it again", async () => {
    const res = await fetch(`${dev.url}/v2/queues/yaml-jobs`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.ok).toBe(true);
    const { stdout } = await p.pulumi(["refresh", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/- 1 deleted/);
    const { stdout: up } = await p.pulumi(["up", "--yes", "--non-interactive"]);
    expect(up).toMatch(/\+ 1 created/);
    expect(dev.inventory().queues.map((q) => [q.name, q.parallelism])).toEqual([["yaml-jobs", 4]]);
  });

  it("an explicit provider resource takes the same resources over without replacing them", async () => {
    const ids = dev.inventory().schedules.map((s) => s.scheduleId);
    p.writeProject(
      program(p.pluginDir, {
        parallelism: 4,
        cron: "*/30 * * * *",
        endpoints: ["api", "audit"],
        explicit: true,
      }),
    );
    await p.pulumi(["up", "--yes", "--non-interactive"]);
    expect(dev.inventory().schedules.map((s) => s.scheduleId)).toEqual(ids);
    const state = p.stateText();
    const provider = JSON.parse(state).checkpoint.latest.resources.find(
      (r: { type: string; urn: string }) =>
        r.type === "pulumi:providers:qstash" && !r.urn.endsWith("::default"),
    );
    expect(provider.inputs.token).toHaveProperty("ciphertext");
    expect(
      auditSecrets({
        secrets: { token: TOKEN, apiKey: API_KEY, plainHeader: PLAIN_HEADER, payload: PAYLOAD },
        texts: { state },
      }),
    ).toEqual([]);
  });

  it("bad input fails the preview naming the property, before any QStash call", async () => {
    const current = { parallelism: 4, cron: "*/30 * * * *", endpoints: ["api", "audit"], explicit: true };
    p.writeProject(program(p.pluginDir, { ...current, parallelism: 0 }));
    dev.requestLog.clear();
    const err = await p.pulumi(["preview", "--non-interactive"]).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/parallelism: expected parallelism >= 1, got 0/);
    expect(dev.requestLog.entries().filter((e) => e.path !== "/v2/keys")).toEqual([]);
    p.writeProject(program(p.pluginDir, current));
  });

  it("destroy deletes everything", async () => {
    const { stdout } = await p.pulumi(["destroy", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/deleted/);
    const inv = dev.inventory();
    expect(inv.urlGroups).toEqual([]);
    expect(inv.schedules).toEqual([]);
    expect(inv.queues).toEqual([]);
    expect(
      auditSecrets({
        secrets: { token: TOKEN, apiKey: API_KEY, plainHeader: PLAIN_HEADER, payload: PAYLOAD },
        texts: { output: p.output.join("\n") },
      }),
    ).toEqual([]);
  });
});
