/**
 * Crashes: `pulumi up` of 100 mixed resources SIGKILLed (the CLI and the
 * dynamic-provider process) after 10, 45 and 80 writes; then the recovery a
 * user runs (`pulumi cancel`, `pulumi refresh`, `pulumi up`, and `adopt: true`
 * for the objects that up refuses) must leave the devserver holding exactly
 * the program: nothing duplicated, orphaned or lost.
 * Then the devserver itself is SIGKILLed mid-run and restarted on the same
 * port from its --data file; the same `pulumi up` must still converge.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killPulumi } from "../../bench/lib/procs.ts";
import { type DevServer, type DevServerInventory, startDevServer } from "../../devserver/index.js";
import { auditSecrets } from "../support/audit.ts";
import { createStack, loadProgram, repoRoot, type TestStack } from "../support/stack.ts";
import {
  expectInventoryMatches,
  mixedSpec,
  pendingOperations,
  SECRET_HEADER,
  type Spec,
  stateResources,
  until,
} from "./support.js";

const program = loadProgram<(spec: Spec) => () => Promise<Record<string, unknown>>>("resources.cjs");
const TOKEN = "rel-crash-token-91ab3f";
const WRITES = /^\/v2\/(queues|schedules\/|topics\/[^/]+\/endpoints)/;

const hook = createServer((_q, s) => s.end("ok"));
let hookUrl: string;
const stacks: TestStack[] = [];
const errors: unknown[] = [];
const notes: string[] = [];

beforeAll(async () => {
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const t of stacks) await t.dispose();
  hook.close();
  if (notes.length) console.log(`[crash] ${notes.join("; ")}`);
});

async function newStack(url: string, spec: Spec): Promise<TestStack> {
  const t = await createStack({
    project: "pq-rel-crash",
    program: program(spec),
    config: { "qstash:url": { value: url }, "qstash:token": { value: TOKEN, secret: true } },
  });
  stacks.push(t);
  return t;
}

/**
 * What a user does after a killed `pulumi up` on a file backend:
 * 1. The local backend writes each blob's `.attrs` sidecar in place, so a
 *    kill can leave it empty and every command then fails with "failed to
 *    load checkpoint: EOF". An empty sidecar carries nothing; remove it.
 * 2. `pulumi cancel` drops the dead update's lock.
 * 3. `pulumi refresh` reconciles the state (pending creates are dropped in
 *    non-interactive mode; `--clear-pending-creates` says so explicitly).
 * 4. `pulumi up`. Queues, URL groups and endpoints created but not recorded are refused
 *    (only `adopt` takes over an existing object); the error names them and
 *    says to set `adopt: true`, so the user does that for one `up` and
 *    removes it again.
 */
async function recover(t: TestStack, spec: Spec) {
  const backend = join(t.stateDir, ".pulumi");
  for (const f of readdirSync(backend, { recursive: true }) as string[]) {
    const p = join(backend, f);
    if (f.endsWith(".attrs") && statSync(p).size === 0) {
      notes.push(`removed empty ${f}`);
      rmSync(p);
    }
  }
  await t.stack.cancel();
  const pending = pendingOperations(t);
  await t.stack.refresh({ onOutput: t.onOutput, clearPendingCreates: true });
  expect(pendingOperations(t)).toEqual([]);
  // Each refusal names an object this program declares and says to set `adopt: true`; an `up`
  // stops at its first failures, so the user may meet them over a few runs.
  const names = new Set<string>();
  // What a refusal calls each resource: an endpoint by `<group>/<name or url>`, the rest by name.
  const refusedAs = (r: Spec["resources"][number]) =>
    r.type === "Endpoint" ? `${r.args.urlGroup}/${r.args.name ?? r.args.url}` : (r.args.name as string);
  const adopting = (): Spec => ({
    ...spec,
    resources: spec.resources.map((r) =>
      names.has(refusedAs(r)) ? { ...r, args: { ...r.args, adopt: true } } : r,
    ),
  });
  for (let run = 0; ; run++) {
    const err = await t.up(program(adopting())).then(
      () => undefined,
      (e: Error) => e,
    );
    if (!err) break;
    expect(err.message).toMatch(/adopt: true/);
    const refused = [...err.message.matchAll(/(?:queue|URL group|endpoint) "([^"]+)" already exists/g)].map(
      (m) => m[1]!,
    );
    expect(refused.length, err.message).toBeGreaterThan(0);
    expect(refused.every((n) => !names.has(n) && spec.resources.some((r) => refusedAs(r) === n))).toBe(true);
    for (const n of refused) names.add(n);
    expect(run).toBeLessThan(20);
  }
  // then `adopt` comes off again
  const up = await t.up(program(spec));
  expect(up.summary.result).toBe("succeeded");
  notes.push(`adopted ${names.size}`);
  return { pending, up };
}

describe("pulumi up killed with SIGKILL", () => {
  let dev: DevServer;
  beforeAll(async () => {
    dev = await startDevServer({ port: 0, token: TOKEN });
  });
  afterAll(async () => {
    await dev?.close();
  });

  for (const after of [10, 45, 80]) {
    it(`after ${after} writes: cancel, refresh and up leave exactly the program`, async () => {
      await dev.reset();
      const spec = mixedSpec(100, hookUrl, `k${after}`);
      const t = await newStack(dev.url, spec);
      const writes = () => dev.requestLog.entries().filter((e) => e.method === "POST" && WRITES.test(e.path));
      const run = t.up().then(
        () => "finished",
        (e: unknown) => e,
      );
      await until(() => writes().length >= after, 60_000, `${after} writes`);
      const killed = killPulumi();
      expect(killed.map((p) => p.cmd.join(" ")).join("\n")).toMatch(/dynamic-provider/);
      const outcome = await run;
      expect(outcome).not.toBe("finished");
      errors.push(outcome);
      const inState = stateResources(t).length;
      const { pending, up } = await recover(t, spec);
      notes.push(
        `kill@${after}: ${inState} in state, ${pending.length} pending, then ${JSON.stringify(up.summary.resourceChanges)}`,
      );
      expectInventoryMatches(dev.inventory(), stateResources(t), spec);
      // and a no-op preview agrees
      expect((await t.preview()).changeSummary).toEqual({ same: 101 });
    });
  }

  it("leaks no secret in states, exports, outputs, errors or the request log", () => {
    expect(
      auditSecrets({
        secrets: { token: TOKEN, header: SECRET_HEADER, currentSigningKey: dev.currentSigningKey },
        stacks,
        devservers: [dev],
        errors,
      }),
    ).toEqual([]);
  });
});

/** The devserver as users run it: the CLI, in a child process, persisting to --data. */
async function startCli(dataFile: string, port: number) {
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, "bin/pulumi-qstash.cjs"),
      "devserver",
      "--port",
      String(port),
      "--data",
      dataFile,
      "--token",
      TOKEN,
      "--quiet",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", resolve);
    child.once("exit", (c) => reject(new Error(`devserver exited with ${c}`)));
  });
  child.stdout!.resume();
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

async function dev(url: string, path: string): Promise<any> {
  const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return r.json();
}

describe("devserver killed and restarted from --data during pulumi up", () => {
  let child: ChildProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), "pq-crash-data-"));
  afterAll(() => {
    child?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("the same up converges; inventory equals state", async () => {
    const dataFile = join(dir, "qstash.json");
    const first = await startCli(dataFile, 0);
    child = first.child;
    const url = first.url;
    const port = Number(new URL(url).port);
    const spec = mixedSpec(100, hookUrl, "d");
    const t = await newStack(url, spec);
    const run = t.up();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const log = (await dev(url, "/__dev/log?method=POST")) as { entries: { path: string }[] };
      if (log.entries.filter((e) => WRITES.test(e.path)).length >= 40) break;
      if (Date.now() > deadline) throw new Error("no 40 writes within 60 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 500));
    child = (await startCli(dataFile, port)).child;
    const up = await run.catch((e: unknown) => {
      errors.push(e);
      throw e;
    });
    expect(up.summary.result).toBe("succeeded");
    // the restarted server took part of the run (it starts with an empty request log)
    expect(((await dev(url, "/__dev/log")) as { count: number }).count).toBeGreaterThan(0);
    const inv = (await dev(url, "/__dev/inventory")) as DevServerInventory;
    expectInventoryMatches(inv, stateResources(t), spec);
  });
});
