// Shared harness of the client contract tests: a devserver, a recording
// proxy in front of it (the devserver's request log has method, path and
// status; the proxy adds headers and body so wire equivalence can be checked),
// a destination that answers 200, and both clients pointed at the proxy.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client as Official } from "@upstash/qstash";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import { Client } from "../../sdk/client/index.js";

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Harness {
  dev: DevServer;
  proxyUrl: string;
  sink: string;
  recorded: Recorded[];
  ours: Client;
  official: Official;
  close(): Promise<void>;
}

function listen(s: Server): Promise<string> {
  return new Promise((ok) =>
    s.listen(0, "127.0.0.1", () => ok(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((ok) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => ok(Buffer.concat(chunks).toString("utf8")));
  });
}

export async function startHarness(
  opts: { ourRetry?: false | Record<string, number> } = {},
): Promise<Harness> {
  const dev = await startDevServer({ port: 0 });
  const recorded: Recorded[] = [];
  const target = new URL(dev.url);
  const proxy = createServer(async (req, res) => {
    const body = await read(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    recorded.push({ method: req.method!, url: req.url!, headers, body });
    const fwd = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    fwd.on("error", () => res.destroy());
    fwd.end(body);
  });
  const sinkServer = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  const proxyUrl = await listen(proxy);
  const sink = await listen(sinkServer);
  const ours = new Client({ baseUrl: proxyUrl, token: dev.token, retry: opts.ourRetry ?? false });
  const official = new Official({
    baseUrl: proxyUrl,
    token: dev.token,
    enableTelemetry: false,
    retry: false,
  });
  return {
    dev,
    proxyUrl,
    sink,
    recorded,
    ours,
    official,
    async close() {
      await ours.close();
      proxy.closeAllConnections();
      sinkServer.closeAllConnections();
      await Promise.all([
        new Promise((ok) => proxy.close(ok)),
        new Promise((ok) => sinkServer.close(ok)),
        dev.close(),
      ]);
    },
  };
}

/** The parts of a request both clients must agree on. */
export function wire(r: Recorded, drop: string[] = []) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) {
    if (k === "content-type" || (k.startsWith("upstash-") && !k.startsWith("upstash-telemetry"))) {
      if (!drop.includes(k)) headers[k] = v;
    }
  }
  let body: unknown = r.body;
  if (r.body && /json/.test(r.headers["content-type"] ?? "")) {
    try {
      body = JSON.parse(r.body);
    } catch {
      // keep text
    }
  }
  // Server-chosen and client-chosen schedule ids differ by design.
  return { method: r.method, url: r.url.replace(/scd_[A-Za-z0-9]+/g, "scd_<id>"), headers, body };
}

/** Drop fields that legitimately differ between two runs (times, server ids). */
export function stable<T>(x: T, drop: string[] = []): T {
  const skip = new Set([
    "createdAt",
    "updatedAt",
    "lastScheduleTime",
    "nextScheduleTime",
    "lastScheduleStates",
    ...drop,
  ]);
  return JSON.parse(JSON.stringify(x, (k, v) => (skip.has(k) ? undefined : v)));
}
