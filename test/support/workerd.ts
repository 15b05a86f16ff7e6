/**
 * Runs one ES-module worker in workerd (the Cloudflare Workers runtime, from
 * the npm package) on a free loopback port, with optional text bindings the
 * way `wrangler secret put` provides them.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import * as esbuild from "esbuild";

export interface RunningWorker {
  url: string;
  /** What workerd wrote to stderr so far (for assertion messages). */
  stderr(): string;
  stop(): void;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Serve `code` as worker.js from `dir`; resolves once workerd answers HTTP. */
export async function serveWorker(options: {
  workerd: string;
  dir: string;
  code: string;
  bindings?: Record<string, string>;
  /**
   * Let the worker's `fetch` reach loopback and private addresses (a local
   * devserver); workerd's default outbound network allows public ones only.
   */
  localNetwork?: boolean;
}): Promise<RunningWorker> {
  writeFileSync(join(options.dir, "worker.js"), options.code);
  const port = await freePort();
  const bindings = Object.entries(options.bindings ?? {})
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(", ");
  writeFileSync(
    join(options.dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker)${
    options.localNetwork ? `, (name = "net", network = (allow = ["public", "private", "local"]))` : ""
  } ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-06-01",
  bindings = [ ${bindings} ],${options.localNetwork ? `\n  globalOutbound = "net",` : ""}
);
`,
  );
  // Its own process group: the npm `workerd` command is a wrapper that starts
  // the real binary, and stopping only the wrapper would leave that running.
  const child = spawn(options.workerd, ["serve", join(options.dir, "config.capnp")], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`workerd exited: ${stderr}`);
    try {
      await fetch(url, { method: "HEAD" });
      break;
    } catch {
      if (i >= 150) {
        stop();
        throw new Error(`workerd never answered on ${url}: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stderr: () => stderr, stop };
}

/**
 * Bundle an entry for a non-Node runtime as a user's bundler would: ESM,
 * resolving the package by name through its export conditions (by default
 * the workerd/worker/browser ones wrangler uses for a deployed Worker).
 * Returns the bundle's text.
 */
export async function bundleFor(
  entry: string,
  conditions = ["workerd", "worker", "browser"],
  platform: "browser" | "neutral" = "neutral",
): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform,
    conditions,
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0]!.text;
}

/** A Worker entry bundled as wrangler does (see `bundleFor`). */
export const bundleWorker = (entry: string): Promise<string> => bundleFor(entry);
