import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { handleApi } from "./api.js";
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEV_CURRENT_SIGNING_KEY,
  DEV_NEXT_SIGNING_KEY,
  DEV_TOKEN,
} from "./constants.js";
import type { ApiContext } from "./context.js";
import { type DevApiContext, handleDevApi } from "./dev-api.js";
import { type DeliveryHooks, Engine } from "./engine.js";
import { Faults, faultError } from "./faults.js";
import { HttpError, readBody, sendEmpty, sendError, sendJson } from "./http-util.js";
import { inventoryOf } from "./inventory.js";
import type { HeaderBag } from "./message-headers.js";
import type { DevServer, DevServerClock, DevServerOptions } from "./options.js";
import { DataFileError, Persister, writeFailure } from "./persist.js";
import type { Snapshot } from "./records.js";
import { RequestLog, redactPath } from "./request-log.js";
import { Clock, Store } from "./store.js";
import { DEFAULT_LAZY_FETCH_BYTES, Workflows } from "./workflow/service.js";

export type {
  DevServer,
  DevServerClock,
  DevServerInventory,
  DevServerOptions,
  FiredSchedule,
} from "./options.js";

function bagOf(req: IncomingMessage): HeaderBag {
  const bag: HeaderBag = new Map();
  for (const [k, v] of Object.entries(req.headersDistinct)) if (v) bag.set(k, v);
  return bag;
}

/** Split a raw target into path and query, pulling out `qstash_token`. Nothing is decoded. */
export function splitTarget(raw: string): { path: string; query: string; token: string | undefined } {
  const q = raw.indexOf("?");
  if (q === -1) return { path: raw, query: "", token: undefined };
  let token: string | undefined;
  const kept: string[] = [];
  for (const part of raw.slice(q + 1).split("&")) {
    if (part.startsWith("qstash_token=")) {
      try {
        token = decodeURIComponent(part.slice("qstash_token=".length).replace(/\+/g, " "));
      } catch {
        token = part.slice("qstash_token=".length);
      }
    } else kept.push(part);
  }
  return { path: raw.slice(0, q), query: kept.join("&"), token };
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  return m ? m[1]!.trim() : undefined;
}

function callerIpOf(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? "127.0.0.1";
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}

/** Discard a request body we are not going to read, so keep-alive connections stay usable. */
async function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return;
  try {
    for await (const _ of req) {
      // discard
    }
  } catch {
    // the client went away
  }
}

const NO_RATE_LIMIT = /^\/v2\/(publish|enqueue|batch)(\/|$)/;

/** The store, loaded from the data file when there is one. */
function openStore(options: DevServerOptions, log: (line: string) => void): Store {
  const store = new Store(
    {
      current: options.currentSigningKey ?? DEV_CURRENT_SIGNING_KEY,
      next: options.nextSigningKey ?? DEV_NEXT_SIGNING_KEY,
    },
    { logs: options.logCapacity, dlq: options.dlqCapacity },
  );
  const file = options.dataFile;
  if (file && existsSync(file)) {
    let snapshot: Snapshot | undefined;
    try {
      const text = readFileSync(file, "utf8");
      if (text.trim()) snapshot = JSON.parse(text) as Snapshot;
    } catch (e) {
      throw new DataFileError(file, `cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (snapshot) store.restore(snapshot);
    log(
      `loaded ${store.schedules.size} schedule(s), ${store.urlGroups.size} URL group(s), ${store.queues.size} queue(s) from ${file}`,
    );
  }
  return store;
}

/**
 * Saves to the data file (when there is one). `open` writes the loaded state once before the
 * server listens, so an unwritable path fails at startup instead of on every later change;
 * `afterChange` is what handlers await: its error says the change was applied, since the
 * state in memory already holds it and the client must not take the 5xx for "nothing happened".
 */
function dataFileSaver(store: Store, file: string | undefined, log: (line: string) => void) {
  if (!file) return { open: async () => {}, afterChange: () => Promise.resolve() };
  const persister = new Persister(file, () => JSON.stringify(store.snapshot()));
  return {
    open: () =>
      persister.save().catch((e: unknown) => {
        throw new DataFileError(file, `cannot be written: ${writeFailure(file, e)}`);
      }),
    afterChange: () =>
      persister.save().catch((e: unknown) => {
        const message = `the change was applied (it is live in this devserver) but not persisted to the data file ${file}: ${writeFailure(file, e)}`;
        log(message);
        throw new HttpError(500, message);
      }),
  };
}

/** Virtual-time controls over the engine (in-process and `POST /__dev/clock`). */
function clockControls(clock: Clock, engine: Engine, store: Store): DevServerClock {
  return {
    now: () => clock.now(),
    advance: (ms) => {
      clock.advance(ms);
      return engine.tick();
    },
    fireDue: () => engine.tick(),
    trigger: (id) => {
      const s = store.schedules.get(id);
      if (!s) throw new HttpError(404, `schedule ${id} not found`);
      return engine.trigger(s);
    },
  };
}

/** What the HTTP front needs: the token, both route tables' contexts, faults and the request log. */
interface FrontDeps {
  token: string;
  api: ApiContext;
  dev: DevApiContext;
  faults: Faults;
  requestLog: RequestLog;
  log: (line: string) => void;
}

/**
 * The HTTP front: authentication, the request log, fault injection and the burst rate
 * limit, then the `/__dev` or `/v2` route table. Every failure becomes `{"error": ...}`.
 */
async function serve(d: FrontDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? "GET").toUpperCase();
  const { path, query, token: queryToken } = splitTarget(req.url ?? "/");
  const isDev = path.startsWith("/__dev/") || path === "/__dev";
  let fault: string | undefined;
  const finish = (status: number) => {
    if (isDev) return;
    d.requestLog.add({
      method,
      path: redactPath(path),
      status,
      time: started,
      durationMs: Date.now() - started,
      ...(fault ? { fault } : {}),
    });
    d.log(`${method} ${redactPath(path)} ${status}${fault ? ` (fault: ${fault})` : ""}`);
  };
  const dropConnection = () => {
    req.socket.destroy();
    finish(0);
  };
  try {
    const presented = bearer(req) ?? queryToken;
    if (presented !== d.token) {
      await drain(req);
      throw new HttpError(
        401,
        presented === undefined ? "unauthorized: missing token" : "unauthorized: invalid token",
      );
    }
    if (isDev) {
      const result = await handleDevApi(d.dev, { method, path, query, body: await readBody(req) });
      sendJson(res, result.status, result.json);
      return;
    }
    if (!NO_RATE_LIMIT.test(path)) {
      const limited = d.faults.rateLimit(Date.now());
      if (limited) {
        fault = "rate-limit";
        await drain(req);
        throw new HttpError(429, "Exceeded burst rate limit", limited);
      }
    }
    const decision = d.faults.decide(method, path);
    if (decision.latencyMs > 0) {
      fault = `latency ${decision.latencyMs}ms`;
      await new Promise((r) => setTimeout(r, decision.latencyMs));
    }
    if (decision.kind && decision.kind !== "lost") {
      fault = decision.kind;
      await drain(req);
      if (decision.kind === "reset") return dropConnection();
      throw faultError(decision.kind, decision.retryAfterSeconds);
    }
    if (!path.startsWith("/v2/")) throw new HttpError(404, `no such endpoint: ${method} ${redactPath(path)}`);
    const result = await handleApi(d.api, {
      method,
      path,
      query,
      headers: bagOf(req),
      body: await readBody(req),
      callerIP: callerIpOf(req),
    });
    if (decision.kind === "lost") {
      // applied, but the response never arrives
      fault = "lost";
      return dropConnection();
    }
    if ("empty" in result) sendEmpty(res, result.status);
    else sendJson(res, result.status, result.json);
    finish(result.status);
  } catch (e) {
    const err =
      e instanceof HttpError
        ? e
        : new HttpError(500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (!(e instanceof HttpError)) d.log(`internal error on ${method} ${redactPath(path)}: ${String(e)}`);
    if (!res.headersSent && !res.destroyed) sendError(res, err);
    finish(err.status);
  }
}

/** Listens and keeps track of open sockets so `close()` can end keep-alive connections at once. */
async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host: string,
): Promise<{ server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 5_000 }, handler);
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return { server, sockets };
}

/**
 * Starts a local QStash-compatible server: the v2 management API, publish/enqueue/batch
 * with real signed HTTP delivery, a cron scheduler, retries and callbacks, messages, the
 * DLQ, logs and flow control, plus test controls (virtual clock, fault injection, request
 * log) in-process and under `/__dev/*`.
 *
 * @example
 * ```ts
 * import { Client } from "@upstash/qstash";
 * import { startDevServer } from "pulumi-qstash/devserver";
 *
 * const dev = await startDevServer({ port: 0 });
 * const client = new Client({ baseUrl: dev.url, token: dev.token });
 * await client.schedules.create({ destination: "http://127.0.0.1:3000/job", cron: "* * * * *" });
 * dev.clock.advance(60_000); // fires it now
 * await dev.settle();
 * await dev.close();
 * ```
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const host = options.host ?? DEFAULT_HOST;
  const token = options.token ?? DEV_TOKEN;
  const log = options.logger ?? (() => {});
  const clock = new Clock();
  const store = openStore(options, log);
  const saver = dataFileSaver(store, options.dataFile, log);
  await saver.open();
  const persist = saver.afterChange;
  const limits = options.limits ?? {};
  const hooks: DeliveryHooks = {};
  const engine = new Engine({
    clock,
    store,
    retryDelayScale: options.retryDelayScale ?? 0.01,
    retryBackoff: options.retryBackoff,
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 30_000,
    region: options.region,
    tickMs: options.tickMs ?? 250,
    globalParallelism: limits.globalParallelism,
    // A failure is logged by `persist` itself; the engine has no client to tell.
    onChange: () => void persist().catch(() => {}),
    log,
    hooks,
  });
  const defaultRetries = options.defaultRetries ?? 3;
  const workflows = new Workflows({
    store,
    engine,
    clock,
    defaultRetries,
    lazyFetchBytes: options.workflowLazyFetchBytes ?? DEFAULT_LAZY_FETCH_BYTES,
    onChange: () => void persist().catch(() => {}),
  });
  Object.assign(hooks, workflows.hooks);
  const faults = new Faults(options.faults);
  const requestLog = new RequestLog(options.requestLogCapacity);
  const controls = clockControls(clock, engine, store);
  const inventory = () => inventoryOf(store);
  const reset = async () => {
    store.reset();
    requestLog.clear();
    faults.clear();
    engine.deliveries.length = 0;
    await persist();
  };
  const deps: FrontDeps = {
    token,
    api: { store, engine, workflows, clock, limits, defaultRetries, persist },
    dev: { store, engine, clock: controls, faults, requestLog, inventory, reset },
    faults,
    requestLog,
    log,
  };
  const { server, sockets } = await listen(
    (req, res) => void serve(deps, req, res),
    options.port ?? DEFAULT_PORT,
    host,
  );
  engine.start();
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log(`QStash devserver listening on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    token,
    get currentSigningKey() {
      return store.keys.current;
    },
    get nextSigningKey() {
      return store.keys.next;
    },
    requestLog,
    faults,
    clock: controls,
    get deliveries() {
      return engine.deliveries;
    },
    inventory,
    settle: (timeoutMs) => engine.settle(timeoutMs),
    reset,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
        await engine.close();
        await persist();
      })();
      return closing;
    },
  };
}
