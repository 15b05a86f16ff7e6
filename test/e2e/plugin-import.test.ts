/**
 * `pulumi import` through the provider plugin: objects made out of band with
 * the official @upstash/qstash SDK are imported by id alone (one of each
 * kind), the program code Pulumi generates for them is the program, and the
 * next preview shows no changes.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client as UpstashClient } from "@upstash/qstash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { type CliProject, cliProject } from "../support/cli-project.js";

const TOKEN = "import-plugin-token-51be0d";
const HEADER = "import-header-secret-9e2d77";

describe("pulumi import through the provider plugin", () => {
  let dev: DevServer;
  let p: CliProject;
  let official: UpstashClient;
  const header = (pluginDir: string) =>
    `name: pq-import\nruntime: yaml\nplugins:\n  providers:\n    - name: qstash\n      path: ${pluginDir}\n`;

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 60_000 });
    official = new UpstashClient({ baseUrl: dev.url, token: TOKEN });
    await official.urlGroups.addEndpoints({
      name: "hand-orders",
      endpoints: [{ name: "api", url: "http://127.0.0.1:9/orders" }],
    });
    await official.urlGroups.addEndpoints({
      name: "hand-shared",
      endpoints: [
        { name: "billing", url: "http://127.0.0.1:9/billing" },
        { url: "http://127.0.0.1:9/nameless" },
      ],
    });
    await official.schedules.create({
      scheduleId: "hand-nightly",
      destination: "http://127.0.0.1:9/nightly",
      cron: "0 3 * * *",
      retries: 4,
      headers: { "X-Api-Key": HEADER },
    });
    await official.queue({ queueName: "hand-jobs" }).upsert({ parallelism: 3 });
    p = cliProject("import");
    p.writeProject(header(p.pluginDir));
    await p.pulumi(["stack", "init", "dev"]);
    await p.pulumi(["config", "set", "qstash:url", dev.url]);
    await p.pulumi(["config", "set", "--secret", "qstash:token", TOKEN]);
  });

  afterAll(async () => {
    await p?.pulumi(["state", "unprotect", "--all", "--yes"]).catch(() => {});
    await p?.pulumi(["destroy", "--yes", "--non-interactive"]).catch(() => {});
    await p?.dispose();
    await dev?.close();
  });

  it("imports a URL group, endpoints (by name and by URL), a schedule and a queue by id, generating their program code", async () => {
    const before = dev.inventory();
    const file = join(p.dir, "import.json");
    writeFileSync(
      file,
      JSON.stringify({
        resources: [
          { type: "qstash:index:UrlGroup", name: "orders", id: "hand-orders" },
          { type: "qstash:index:Endpoint", name: "billing", id: "hand-shared/billing" },
          // an endpoint without a name is found by its URL
          { type: "qstash:index:Endpoint", name: "nameless", id: "hand-shared/http://127.0.0.1:9/nameless" },
          { type: "qstash:index:Schedule", name: "nightly", id: "hand-nightly" },
          { type: "qstash:index:Queue", name: "jobs", id: "hand-jobs" },
        ],
      }),
    );
    dev.requestLog.clear();
    const code = join(p.dir, "generated.yaml");
    const { stdout } = await p.pulumi([
      "import",
      "--file",
      file,
      "--out",
      code,
      "--yes",
      "--non-interactive",
    ]);
    expect(stdout).toMatch(/= 5 imported/);
    // import only reads
    expect(dev.requestLog.entries().filter((e) => e.method !== "GET")).toEqual([]);
    expect(dev.inventory()).toEqual(before);

    const generated = readFileSync(code, "utf8");
    expect(generated).toContain("type: qstash:Schedule");
    expect(generated).toContain("scheduleId: hand-nightly");
    // every setting QStash reports is imported, so the next update keeps it
    expect(generated).toContain("retries: 4");
    expect(generated).toContain("parallelism: 3");
    expect(generated).toContain("urlGroup: hand-shared");
    expect(generated).toContain("url: http://127.0.0.1:9/nameless");
    // Pulumi's code generator writes imported values as literals, the forwarded
    // header included (the README says to move it to secret config); the CLI's
    // own output never shows it
    expect(generated).toContain(HEADER);
    expect(p.output.join("\n")).not.toContain(HEADER);
    const state = JSON.parse(p.stateText());
    const sched = state.checkpoint.latest.resources.find(
      (r: { type: string }) => r.type === "qstash:index:Schedule",
    );
    expect(sched.outputs.headers).toHaveProperty("ciphertext");
    expect(sched.inputs.headers).toHaveProperty("ciphertext");
  });

  it("with the generated code as the program, the next preview shows no changes", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Pulumi YAML interpolation
    const generated = readFileSync(join(p.dir, "generated.yaml"), "utf8").replace(HEADER, "${apiKey}");
    p.writeProject(
      `${header(p.pluginDir)}config:\n  apiKey:\n    type: string\n    secret: true\n${generated}`,
    );
    await p.pulumi(["config", "set", "--secret", "apiKey", HEADER]);
    dev.requestLog.clear();
    const { stdout } = await p.pulumi(["preview", "--non-interactive", "--expect-no-changes", "--diff"]);
    expect(stdout).toMatch(/6 unchanged/);
    expect(dev.requestLog.entries()).toEqual([]);
  });

  it("after unprotecting, the imported objects are managed like any other", async () => {
    await p.pulumi(["state", "unprotect", "--all", "--yes"]);
    await p.pulumi(["destroy", "--yes", "--non-interactive"]);
    const inv = dev.inventory();
    expect(inv.schedules).toEqual([]);
    expect(inv.queues).toEqual([]);
    // the group and the endpoint's group are gone (deleting the last endpoint deletes a group)
    expect(inv.urlGroups).toEqual([]);
    expect(
      auditSecrets({
        secrets: { token: TOKEN, header: HEADER },
        texts: { output: p.output.join("\n"), state: p.stateText() },
      }),
    ).toEqual([]);
  });
});
