// Helpers for the examples tests: load a Pulumi example program the way
// Pulumi does (plain Node require of the compiled module, resolving
// `pulumi-qstash` through the package's exports), serve a Fetch handler on
// loopback, and find runtime binaries (a missing one fails, never skips).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation/index.js";
import * as esbuild from "esbuild";

export const root = join(import.meta.dirname, "..", "..");
export const examples = join(root, "examples");
// `.state/` is ignored by git and biome; it must stay inside the repo so the
// compiled program resolves `pulumi-qstash` through the package self-reference.
const work = join(import.meta.dirname, ".state");
const nodeRequire = createRequire(import.meta.url);

// js-yaml ships without types and is only a transitive dependency: load it untyped.
export const yaml = nodeRequire("js-yaml") as { load(text: string): any };

/**
 * Compiles `examples/<dir>/index.ts` to CommonJS (packages left external, so
 * `pulumi-qstash` and `@pulumi/pulumi` are the installed ones) and loads it
 * with Node's own require, as Pulumi's language host would. Returns its
 * default export: the program function.
 */
export async function loadExampleProgram(dir: string): Promise<PulumiFn> {
  mkdirSync(work, { recursive: true });
  const outfile = join(work, `${dir}.cjs`);
  await esbuild.build({
    entryPoints: [join(examples, dir, "index.ts")],
    outfile,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "cjs",
    target: "node22",
    logLevel: "silent",
  });
  delete nodeRequire.cache[outfile];
  const mod = nodeRequire(outfile) as { default?: PulumiFn };
  if (typeof mod.default !== "function")
    throw new Error(`examples/${dir}/index.ts has no default export function`);
  return mod.default;
}

/** The project name in `examples/<dir>/Pulumi.yaml`. */
export function projectName(dir: string): string {
  return yaml.load(readFileSync(join(examples, dir, "Pulumi.yaml"), "utf8")).name as string;
}

/**
 * A stack file's config as Automation API values (`Pulumi.<stack>.yaml`);
 * structured values become JSON, as `config.getObject` expects.
 */
export function stackConfig(dir: string, stack: string): Record<string, { value: string; secret?: boolean }> {
  const doc = yaml.load(readFileSync(join(examples, dir, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, unknown>;
  };
  const out: Record<string, { value: string; secret?: boolean }> = {};
  for (const [k, v] of Object.entries(doc.config))
    out[k] = { value: typeof v === "string" ? v : JSON.stringify(v) };
  return out;
}

export interface Served {
  url: string;
  /** Every request's path and the handler's status, in order. */
  seen: { path: string; status: number; body: string }[];
  close(): Promise<void>;
}

/** Serves a Fetch handler on 127.0.0.1 (how Next.js, Bun or Deno hand it a Request). */
export async function serveFetch(handler: () => (request: Request) => Promise<Response>): Promise<Served> {
  const seen: Served["seen"] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = Buffer.concat(chunks);
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method ?? "GET",
        headers,
        ...(body.length ? { body } : {}),
      });
      try {
        const response = await handler()(request);
        const text = await response.text();
        seen.push({ path: req.url ?? "", status: response.status, body: text });
        res.writeHead(response.status, Object.fromEntries(response.headers)).end(text);
      } catch (e) {
        seen.push({ path: req.url ?? "", status: 500, body: String(e) });
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A runtime binary from node_modules/.bin; throws when missing (never skips, in CI or not). */
export function requireBin(name: string): string {
  const path = join(root, "node_modules", ".bin", name);
  if (!existsSync(path)) {
    throw new Error(
      `${name} is missing (${path}): it is a devDependency, run \`npm ci\`. This test never skips.`,
    );
  }
  return path;
}
