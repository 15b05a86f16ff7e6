/**
 * `pulumi import` of schedules through the provider plugin keeps everything
 * QStash holds: an import that could not carry a value over (a redacted body
 * or header) is refused with the way to take the schedule over instead, and
 * an imported schedule's settings (retries included) survive the next update.
 * Schedules are made out of band with plain HTTP, as with curl.
 */

import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.mjs";
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
});
