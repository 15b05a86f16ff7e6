/**
 * `pulumi import` of schedules through the provider plugin keeps everything
 * QStash holds: an import that could not carry a value over (a redacted body
 * or header) is refused with the way to take the schedule over instead, and
 * an imported schedule's settings (retries included) survive the next update.
 * Schedules are made out of band with plain HTTP, as with curl.
 */

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { type CliProject, cliProject } from "../support/cli-project.js";

const TOKEN = "import-faithful-token-3c9e51";
const SECRET = "realsecretvalue-7d02aa";
const BODY = '{"real":"body"}';

const header = (pluginDir: string) =>
  `name: pq-import-faithful\nruntime: yaml\nplugins:\n  providers:\n    - name: qstash\n      path: ${pluginDir}\n`;

/** How the devserver shows a redacted value (ledger X1; lower-case hex there). */
const redacted = (value: string) => `REDACTED:${createHash("sha256").update(value).digest("hex")}`;

type Remote = {
  scheduleId: string;
  cron: string;
  body?: string;
  retries?: number;
  header?: Record<string, string[]>;
};

describe("pulumi import of schedules keeps what QStash holds", () => {
  let dev: DevServer;
  let p: CliProject;

  /** A schedule made with plain HTTP (as with curl): no SDK default added. */
  async function createRaw(destination: string, headers: Record<string, string>, body?: string) {
    const r = await fetch(`${dev.url}/v2/schedules/${destination}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, ...headers },
      ...(body === undefined ? {} : { body }),
    });
    expect(r.status, await r.clone().text()).toBe(200);
  }
  const remote = (id: string) =>
    dev.inventory().schedules.find((s) => (s as Remote).scheduleId === id) as Remote | undefined;

  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN, tickMs: 60_000 });
    p = cliProject("import-faithful");
    p.writeProject(header(p.pluginDir));
    await p.pulumi(["stack", "init", "dev"]);
    await p.pulumi(["config", "set", "qstash:url", dev.url]);
    await p.pulumi(["config", "set", "--secret", "qstash:token", TOKEN]);
    await p.pulumi(["config", "set", "--secret", "xSecret", SECRET]);
  });

  afterAll(async () => {
    await p?.pulumi(["state", "unprotect", "--all", "--yes"]).catch(() => {});
    await p?.pulumi(["destroy", "--yes", "--non-interactive"]).catch(() => {});
    await p?.dispose();
    await dev?.close();
  });

  describe("a schedule with redacted fields", () => {
    it("is refused by import, naming the redacted body and header and the way to take it over; nothing changes", async () => {
      await createRaw(
        "http://127.0.0.1:9/reds",
        {
          "Upstash-Cron": "0 1 * * *",
          "Upstash-Schedule-Id": "redsched",
          "Upstash-Forward-X-Secret": SECRET,
          "Upstash-Redact-Fields": "body,header[X-Secret]",
          "Content-Type": "application/json",
        },
        BODY,
      );
      const before = remote("redsched");
      expect(before?.body).toBe(redacted(BODY));
      dev.requestLog.clear();
      const err = await p
        .pulumi(["import", "qstash:index:Schedule", "reds", "redsched", "--yes", "--non-interactive"])
        .then(() => undefined)
        .catch((e: Error) => e);
      expect(err, "the import must fail").toBeInstanceOf(Error);
      const text = err!.message;
      expect(text).toMatch(/schedule "redsched" cannot be imported/);
      expect(text).toMatch(/its body \(redacted\)/);
      expect(text).toMatch(/header "X-Secret" \(redacted\)/);
      expect(text).toMatch(/adopt: true/);
      expect(text).toMatch(/redact: \{ body: true, header: \["X-Secret"\] \}/);
      // only reads, and nothing recorded
      expect(dev.requestLog.entries().filter((e) => e.method !== "GET")).toEqual([]);
      expect(remote("redsched")).toEqual(before);
      const { stdout } = await p.pulumi(["stack", "export"]);
      expect(stdout).not.toContain("redsched");
    });

    it("taken over with adopt and its values, a cron-only change keeps the body and the header", async () => {
      const program = (cron: string) => `${header(p.pluginDir)}config:
  xSecret:
    type: string
    secret: true
resources:
  reds:
    type: qstash:index:Schedule
    properties:
      scheduleId: redsched
      adopt: true
      destination: http://127.0.0.1:9/reds
      cron: "${cron}"
      body: '${BODY}'
      headers:
        X-Secret: \${xSecret}
      redact:
        body: true
        header: [X-Secret]
`;
      p.writeProject(program("0 1 * * *"));
      await p.pulumi(["up", "--yes", "--non-interactive"]);
      p.writeProject(program("0 4 * * *"));
      const { stdout } = await p.pulumi(["up", "--yes", "--non-interactive", "--diff"]);
      expect(stdout).toMatch(/~ 1 updated/);
      const s = remote("redsched");
      expect(s?.cron).toBe("0 4 * * *");
      // still the real values, still hidden
      expect(s?.body).toBe(redacted(BODY));
      expect(s?.header?.["X-Secret"]).toEqual([redacted(SECRET)]);
      await p.pulumi(["destroy", "--yes", "--non-interactive"]);
      p.writeProject(header(p.pluginDir));
      expect(
        auditSecrets({
          secrets: { token: TOKEN, header: SECRET },
          texts: { output: p.output.join("\n"), state: p.stateText() },
        }),
      ).toEqual([]);
    });
  });
  describe("every setting QStash reports", () => {
    /** A schedule as the devserver holds it, without what changes with time or the cron. */
    const settings = (id: string) => {
      const {
        cron: _c,
        nextScheduleTime: _n,
        lastScheduleTime: _l,
        createdAt: _a,
        ...rest
      } = remote(id) as Remote & Record<string, unknown>;
      return rest;
    };
    let before: Record<string, Record<string, unknown>>;

    it("import takes them (retries 2 and 0 included), and says what it cannot carry over", async () => {
      await createRaw(
        "http://127.0.0.1:9/full",
        {
          "Upstash-Cron": "0 5 * * *",
          "Upstash-Schedule-Id": "full",
          "Upstash-Method": "PUT",
          "Upstash-Retries": "2",
          "Upstash-Retry-Delay": "pow(2, retried) * 1000",
          "Upstash-Delay": "10s",
          "Upstash-Timeout": "30s",
          "Upstash-Callback": "http://127.0.0.1:9/cb",
          "Upstash-Callback-Forward-X-Cb": "cb-value",
          "Upstash-Flow-Control-Key": "fk",
          "Upstash-Flow-Control-Value": "parallelism=2",
          "Upstash-Label": "nightly",
          "Upstash-Forward-X-Plain": "plain-value",
          "Content-Type": "text/plain",
        },
        "hello",
      );
      await createRaw("http://127.0.0.1:9/zero", {
        "Upstash-Cron": "0 6 * * *",
        "Upstash-Schedule-Id": "zero",
        "Upstash-Retries": "0",
        "Content-Type": "application/json",
      });
      // no body and no Content-Type: the provider cannot hold "none" (ledger S1)
      await createRaw("http://127.0.0.1:9/bare", {
        "Upstash-Cron": "0 7 * * *",
        "Upstash-Schedule-Id": "bare",
        "Upstash-Retries": "2",
      });
      before = Object.fromEntries(["full", "zero", "bare"].map((id) => [id, settings(id)]));
      expect(before.full).toMatchObject({ retries: 2 });
      expect(before.zero).toMatchObject({ retries: 0 });
      const file = join(p.dir, "import.json");
      writeFileSync(
        file,
        JSON.stringify({
          resources: ["full", "zero", "bare"].map((id) => ({ type: "qstash:index:Schedule", name: id, id })),
        }),
      );
      dev.requestLog.clear();
      const out = await p.pulumi([
        "import",
        "--file",
        file,
        "--out",
        join(p.dir, "generated.yaml"),
        "--yes",
        "--non-interactive",
      ]);
      expect(out.stdout).toMatch(/= 3 imported/);
      expect(dev.requestLog.entries().filter((e) => e.method !== "GET")).toEqual([]);
      const said = out.stdout + out.stderr;
      expect(said).toMatch(/schedule "bare" has no Content-Type/);
      expect(said).toMatch(/schedule "full" has a callback: QStash does not report/);
      expect(said).not.toMatch(/schedule "zero"/);
      const generated = readFileSync(join(p.dir, "generated.yaml"), "utf8");
      const block = (name: string) => generated.slice(generated.indexOf(`  ${name}:`)).split(/\n {2}\S/)[0]!;
      expect(block("full")).toMatch(/retries: 2/);
      expect(block("full")).toMatch(/contentType: text\/plain/);
      expect(block("full")).toMatch(/method: PUT/);
      expect(block("zero")).toMatch(/retries: 0/);
      expect(block("bare")).toMatch(/retries: 2/);
      expect(block("bare")).not.toMatch(/contentType/);
    });

    it("with the generated code as the program, the preview shows only the Content-Type the provider must send", async () => {
      const generated = readFileSync(join(p.dir, "generated.yaml"), "utf8");
      p.writeProject(`${header(p.pluginDir)}${generated}`);
      dev.requestLog.clear();
      const { stdout } = await p.pulumi(["preview", "--non-interactive", "--diff"]);
      expect(stdout).toMatch(/~ 1 to update/);
      expect(stdout).toMatch(/\+ contentType\s*: "application\/json"/);
      expect(stdout.match(/^\s*[~+-] (?!qstash|pulumi)\S+\s*:/gm)).toHaveLength(1);
      expect(dev.requestLog.entries()).toEqual([]);
    });

    it("a cron-only change updates the cron and nothing else (retries stay 2)", async () => {
      const generated = readFileSync(join(p.dir, "generated.yaml"), "utf8").replace("0 5 * * *", "0 8 * * *");
      p.writeProject(`${header(p.pluginDir)}${generated}`);
      const { stdout } = await p.pulumi(["up", "--yes", "--non-interactive", "--diff"]);
      expect(stdout).toMatch(/~ 2 updated/);
      expect(remote("full")?.cron).toBe("0 8 * * *");
      expect(settings("full")).toEqual(before.full);
      expect(settings("zero")).toEqual(before.zero);
      // the one change the preview showed: Content-Type added, retries kept
      expect(settings("bare")).toEqual({ ...before.bare, header: { "Content-Type": ["application/json"] } });
      await p.pulumi(["preview", "--non-interactive", "--expect-no-changes"]);
    });
  });
});
