// Shared harness of the client contract tests: a devserver, a recording
// proxy in front of it (the devserver's request log has method, path and
// status; the proxy adds headers and body so wire equivalence can be checked),
// a destination that answers 200, and both clients pointed at the proxy.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client as Official } from "@upstash/qstash";
import { afterAll, beforeAll } from "vitest";
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
  /** Deliveries the sink received, by path. */
  hits: Map<string, number>;
  /**
   * Share of proxied requests whose response is thrown away after the
   * devserver applied them (the socket is destroyed instead): the ambiguous
   * failure the devserver's own faults (all before processing) cannot produce.
   */
  dropResponseRate: number;
  dropped: number;
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

/** The two clients a harness runs side by side. */
export type Who = "ours" | "official";

/** A harness for one test file: started before its first test, closed after the last. */
export function useHarness(use: (h: Harness) => void): void {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness();
    use(h);
  });
  afterAll(async () => {
    await h?.close();
  });
}

export async function startHarness(
  opts: { ourRetry?: false | Record<string, number>; record?: boolean } = {},
): Promise<Harness> {
  const dev = await startDevServer({ port: 0 });
  const recorded: Recorded[] = [];
  const target = new URL(dev.url);
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const hits = new Map<string, number>();
  const proxy = createServer(async (req, res) => {
    const body = await read(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    if (opts.record !== false) recorded.push({ method: req.method!, url: req.url!, headers, body });
    const fwd = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        if (harness.dropResponseRate > 0 && rand() < harness.dropResponseRate) {
          up.resume();
          up.on("end", () => {
            harness.dropped++;
            req.socket.destroy();
          });
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    fwd.on("error", () => res.destroy());
    fwd.end(body);
  });
  const sinkServer = createServer((req, res) => {
    const p = (req.url ?? "").split("?")[0]!;
    hits.set(p, (hits.get(p) ?? 0) + 1);
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
  const harness: Harness = {
    dev,
    proxyUrl,
    sink,
    recorded,
    ours,
    official,
    hits,
    dropResponseRate: 0,
    dropped: 0,
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
  return harness;
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
