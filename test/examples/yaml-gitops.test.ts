/**
 * examples/yaml-gitops: the Pulumi YAML program runs through the real CLI,
 * `pulumi-language-yaml` and the provider plugin against the devserver, with
 * the token from QSTASH_TOKEN as in its workflow; the workflow previews on
 * pull requests and deploys from main.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { type CliProject, cliProject } from "../support/cli-project.js";
import { examples, yaml } from "./support.js";

const TOKEN = "yaml-example-token-3c9e51";
const REPORT_KEY = "yaml-example-report-key-a41d";
const dir = join(examples, "yaml-gitops");

describe("examples/yaml-gitops program", () => {
  let dev: DevServer;
  let p: CliProject;

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 60_000 });
    // the token reaches the plugin from the environment, as in the workflow
    p = cliProject("yaml-example", { QSTASH_TOKEN: TOKEN });
    const program = readFileSync(join(dir, "Pulumi.yaml"), "utf8");
    expect(program).toContain("path: ./node_modules/pulumi-qstash/bin");
    p.writeProject(program.replace("./node_modules/pulumi-qstash/bin", p.pluginDir));
    await p.pulumi(["stack", "init", "prod"]);
    await p.pulumi(["config", "set", "qstash:url", dev.url]);
    await p.pulumi(["config", "set", "handlerUrl", "http://127.0.0.1:9"]);
    await p.pulumi(["config", "set", "--secret", "reportKey", REPORT_KEY]);
  });

  afterAll(async () => {
    await p?.pulumi(["destroy", "--yes", "--non-interactive"]).catch(() => {});
    await p?.dispose();
    await dev?.close();
  });

  it("up creates the group, the queue and both schedules; a preview then shows no changes", async () => {
    await p.pulumi(["up", "--yes", "--non-interactive"]);
    const inv = dev.inventory();
    expect(inv.urlGroups.map((g) => g.name)).toEqual(["orders"]);
    expect(inv.queues.map((q) => q.name)).toEqual(["emails"]);
    expect(inv.schedules.map((s) => s.destination).sort()).toEqual(["http://127.0.0.1:9/report", "orders"]);
    const { stdout } = await p.pulumi(["preview", "--diff", "--expect-no-changes", "--non-interactive"]);
    expect(stdout).toMatch(/5 unchanged/);
    const { stdout: out } = await p.pulumi(["stack", "output", "--json"]);
    expect(JSON.parse(out)).toMatchObject({ currentSigningKey: "[secret]", nextSigningKey: "[secret]" });
    expect(
      auditSecrets({
        secrets: { token: TOKEN, reportKey: REPORT_KEY },
        texts: { state: p.stateText("prod"), output: p.output.join("\n") },
      }),
    ).toEqual([]);
  });

  it("destroy removes everything", async () => {
    await p.pulumi(["destroy", "--yes", "--non-interactive"]);
    const inv = dev.inventory();
    expect([inv.urlGroups, inv.queues, inv.schedules]).toEqual([[], [], []]);
  });
});

describe("examples/yaml-gitops workflow", () => {
  const wf = yaml.load(readFileSync(join(dir, ".github/workflows/qstash.yml"), "utf8"));
  const runs = (job: string): string[] =>
    (wf.jobs[job].steps as { run?: string }[]).flatMap((s) => (s.run ? [s.run] : []));

  it("previews with --diff on pull requests, deploys on pushes to main, token from a secret", () => {
    expect(wf.on.push.branches).toEqual(["main"]);
    expect(wf.jobs.preview.if).toBe("github.event_name == 'pull_request'");
    expect(runs("preview").some((r) => /^pulumi preview\b.*--diff/.test(r))).toBe(true);
    expect(runs("preview").some((r) => /pulumi up/.test(r))).toBe(false);
    expect(wf.jobs.up.if).toContain("refs/heads/main");
    expect(runs("up").some((r) => /^pulumi up\b.*--yes/.test(r))).toBe(true);
    for (const job of ["preview", "up"]) expect(runs(job)).toContain("npm ci");
    expect(wf.env.QSTASH_TOKEN).toBe(["$", "{{ secrets.QSTASH_TOKEN }}"].join(""));
    expect(wf.concurrency["cancel-in-progress"]).toBe(false);
  });

  it("the program points at the plugin the npm package installs", () => {
    const project = yaml.load(readFileSync(join(dir, "Pulumi.yaml"), "utf8"));
    expect(project.runtime).toBe("yaml");
    expect(project.plugins.providers).toEqual([{ name: "qstash", path: "./node_modules/pulumi-qstash/bin" }]);
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies).toHaveProperty(
      "pulumi-qstash",
    );
  });
});
