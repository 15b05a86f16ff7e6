/**
 * What every example promises without running it: a README, Pulumi projects
 * whose stack files and program line up, and a GitOps workflow that previews
 * on pull requests and deploys from main with the token from a secret.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { examples, projectName, yaml } from "./support.js";

const dirs = readdirSync(examples, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "types")
  .map((d) => d.name)
  .sort();

describe("examples/", () => {
  it("holds every example the README promises, each with a README", () => {
    expect(dirs).toEqual([
      "adopt-existing",
      "aws-lambda",
      "cloudflare-worker",
      "deno",
      "express",
      "gitops",
      "key-rotation",
      "nextjs-app-router",
      "schedules-and-url-groups",
      "workflow",
      "yaml-gitops",
    ]);
    for (const d of dirs) expect(existsSync(join(examples, d, "README.md")), `${d}/README.md`).toBe(true);
  });

  it("imports the package only through its public entry points", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
      );
    for (const f of files(examples)) {
      const text = readFileSync(f, "utf8");
      expect(text, f).not.toMatch(/from\s+["'](\.\.\/)+(sdk|provider|devserver|dist)\//);
      for (const [, spec] of text.matchAll(/from\s+["'](pulumi-qstash[^"']*)["']/g))
        expect(["pulumi-qstash", "pulumi-qstash/client", "pulumi-qstash/receiver"], f).toContain(spec);
    }
  });

  for (const d of ["schedules-and-url-groups", "key-rotation", "adopt-existing", "workflow"]) {
    it(`${d}: Pulumi.yaml runs index.ts and every stack file configures that project`, () => {
      const project = yaml.load(readFileSync(join(examples, d, "Pulumi.yaml"), "utf8"));
      expect(project).toMatchObject({ runtime: { name: "nodejs" }, main: "index.ts" });
      expect(readFileSync(join(examples, d, "index.ts"), "utf8")).toMatch(/^export default async \(\) =>/m);
      const stacks = readdirSync(join(examples, d)).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
      expect(stacks.length).toBeGreaterThan(0);
      for (const s of stacks) {
        const keys = Object.keys(yaml.load(readFileSync(join(examples, d, s), "utf8")).config);
        for (const k of keys) expect(k, `${d}/${s}`).toMatch(new RegExp(`^(qstash|${projectName(d)}):`));
      }
    });
  }
});

describe("examples/gitops workflow", () => {
  const wf = yaml.load(readFileSync(join(examples, "gitops/.github/workflows/qstash.yml"), "utf8"));
  const runs = (job: string): string[] =>
    (wf.jobs[job].steps as { run?: string }[]).flatMap((s) => (s.run ? [s.run] : []));

  it("previews on pull requests and deploys on pushes to main", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push"]);
    expect(wf.on.push.branches).toEqual(["main"]);
    expect(wf.jobs.preview.if).toBe("github.event_name == 'pull_request'");
    expect(runs("preview").some((r) => /^pulumi preview\b/.test(r))).toBe(true);
    expect(runs("preview").some((r) => /pulumi up/.test(r))).toBe(false);
    expect(wf.jobs.up.if).toContain("refs/heads/main");
    expect(runs("up").some((r) => /^pulumi up\b.*--yes/.test(r))).toBe(true);
  });

  it("takes the QStash token from a secret and serialises deployments", () => {
    expect(wf.env.QSTASH_TOKEN).toBe(["$", "{{ secrets.QSTASH_TOKEN }}"].join(""));
    expect(JSON.stringify(wf)).not.toMatch(/qstash:token/);
    expect(wf.concurrency["cancel-in-progress"]).toBe(false);
    expect(wf.permissions).toEqual({ contents: "read" });
  });
});
