import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type ApiContext, type ApiRequest, type DevServerLimits, handleApi } from "./api.js";
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEV_CURRENT_SIGNING_KEY,
  DEV_NEXT_SIGNING_KEY,
  DEV_TOKEN,
} from "./constants.js";
import { handleDevApi } from "./dev-api.js";
import { type DeliveryRecord, Engine } from "./engine.js";
import { type FaultConfig, Faults } from "./faults.js";
import { HttpError, readBody, sendEmpty, sendError, sendJson } from "./http-util.js";
import { Persister } from "./persist.js";
import { RequestLog, redactPath } from "./request-log.js";
import type { HeaderBag } from "./spec.js";
import { messageJson, queueJson, type Snapshot, scheduleJson, urlGroupJson } from "./state.js";
import { Clock, Store } from "./store.js";

/**
 * Options of {@link startDevServer}. Everything is optional: with none, the server listens
 * on 127.0.0.1:8080 with the official dev server's token and signing keys.
 */
export interface DevServerOptions {
  /** TCP port; 0 picks a free one. Default 8080 (where `QSTASH_DEV=true` clients look). */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** API token clients must present. Default: the official dev token. */
  token?: string;
  /** Initial signing keys. Default: the official dev keys (a data file's keys win). */
  currentSigningKey?: string;
  nextSigningKey?: string;
  /** Persist state to this JSON file, written atomically before each acknowledgement. */
  dataFile?: string;
  /**
   * Multiplies every retry delay (QStash's `e^(2.5n)` s backoff, `Upstash-Retry-Delay`,
   * `Retry-After`). Default 0.01, so the first retry comes after ~120 ms instead of 12 s.
   */
  retryDelayScale?: number;
  /** Replace the backoff entirely: retries so far (1 after the first failure) → ms. */
  retryBackoff?: (retried: number) => number;
  /** Delivery timeout when a message sets no `Upstash-Timeout`. Default 30 s. */
  deliveryTimeoutMs?: number;
  /** `Upstash-Retries` when a request gives none. Default 3. */
  defaultRetries?: number;
  /** Scheduler tick: how often due schedules and retries are checked. Default 250 ms. */
  tickMs?: number;
  /** Faults and rate limit active from the start. */
  faults?: FaultConfig;
  /** Plan limits that answer 412. None by default. */
  limits?: DevServerLimits;
  /** Send `Upstash-Region: <region>` with deliveries (e.g. `EU-CENTRAL-1`). Off by default. */
  region?: string;
  /** How many API requests the request log keeps. Default 10 000. */
  requestLogCapacity?: number;
  /** Human-readable log lines (requests, failures). Default: silent. */
  logger?: (line: string) => void;
}

/** What a `POST /__dev/clock` or `clock.advance()` fired. */
export interface FiredSchedule {
  scheduleId: string;
  messageIds: string[];
}

/** Everything stored, in the same JSON shapes the API returns. */
export interface DevServerInventory {
  keys: { current: string; next: string };
  urlGroups: Record<string, unknown>[];
  schedules: Record<string, unknown>[];
  queues: Record<string, unknown>[];
  /** Messages not yet delivered or failed, with their state and attempts so far. */
  pendingMessages: Record<string, unknown>[];
  /** Recently finished messages (delivered, failed, cancelled). */
  finishedMessages: Record<string, unknown>[];
  dlq: Record<string, unknown>[];
}

/** Test controls over virtual time and the scheduler. */
export interface DevServerClock {
  /** Virtual now, unix ms. Starts at real time; only moves forward. */
  now(): number;
  /** Move virtual time forward, fire due schedules, start due deliveries. */
  advance(ms: number): FiredSchedule[];
  /** Fire due schedules now (e.g. after setting time), returns what fired. */
  fireDue(): FiredSchedule[];
  /** Fire one schedule immediately regardless of its cron; 404-style error if unknown. Paused ones fire too. */
  trigger(scheduleId: string): string[];
}

/**
 * A running devserver. `currentSigningKey`/`nextSigningKey` follow rotations.
 */
export interface DevServer {
  /** Base URL, e.g. `http://127.0.0.1:8080` (no trailing slash). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly currentSigningKey: string;
  readonly nextSigningKey: string;
  /** Every `/v2` API request (not `/__dev`), without tokens or query strings. */
  readonly requestLog: RequestLog;
  /** Fault injection and burst rate limit; `faults.set({...})`, `faults.clear()`. */
  readonly faults: Faults;
  readonly clock: DevServerClock;
  /** Every delivery attempt (destinations and callbacks), oldest first, bounded. */
  readonly deliveries: readonly DeliveryRecord[];
  inventory(): DevServerInventory;
  /** Wait until no delivery is in flight or due (see `Engine.settle`). */
  settle(timeoutMs?: number): Promise<{ settled: boolean; pending: number }>;
  /** Drop all URL groups, schedules, queues and messages; clear the request log and faults. Keys stay. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

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

const NO_RATE_LIMIT = /^\/v2\/(publish|enqueue|batch)(\/|$)/;

/**
 * Starts a local QStash-compatible server: the v2 management API, publish/enqueue/batch
 * with real signed HTTP delivery, a cron scheduler, retries and callbacks, plus test
 * controls (virtual clock, fault injection, request log) in-process and under `/__dev/*`.
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
  const store = new Store({
    current: options.currentSigningKey ?? DEV_CURRENT_SIGNING_KEY,
    next: options.nextSigningKey ?? DEV_NEXT_SIGNING_KEY,
  });
  const dataFile = options.dataFile;
  if (dataFile && existsSync(dataFile)) {
    const text = readFileSync(dataFile, "utf8");
    if (text.trim()) store.restore(JSON.parse(text) as Snapshot);
    log(
      `loaded ${store.schedules.size} schedule(s), ${store.urlGroups.size} URL group(s), ${store.queues.size} queue(s) from ${dataFile}`,
    );
  }
  const persister = dataFile ? new Persister(dataFile, () => JSON.stringify(store.snapshot())) : undefined;
  const persist = persister ? () => persister.save() : () => Promise.resolve();
  const backgroundPersist = () => {
    persist().catch((e: unknown) =>
      log(`persisting ${dataFile} failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  const engine = new Engine({
    clock,
    store,
    retryDelayScale: options.retryDelayScale ?? 0.01,
    retryBackoff: options.retryBackoff,
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 30_000,
    region: options.region,
    tickMs: options.tickMs ?? 250,
    onChange: backgroundPersist,
    log,
  });
  const faults = new Faults(options.faults);
  const requestLog = new RequestLog(options.requestLogCapacity);
  const ctx: ApiContext = {
    store,
    engine,
    clock,
    limits: options.limits ?? {},
    defaultRetries: options.defaultRetries ?? 3,
    persist,
  };

  const clockControls: DevServerClock = {
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

  const inventory = (): DevServerInventory => ({
    keys: { ...store.keys },
    urlGroups: [...store.urlGroups.values()].map(urlGroupJson),
    schedules: [...store.schedules.values()].map(scheduleJson),
    queues: [...store.queues.values()].map((q) => queueJson(q, store.lagOf(q.name))),
    pendingMessages: [...store.messages.values()].map((m) => ({
      ...messageJson(m),
      state: m.state,
      retried: m.retried,
    })),
    finishedMessages: [...store.finished.values()].map((m) => ({
      ...messageJson(m),
      state: m.state,
      retried: m.retried,
      ...(m.lastStatus !== undefined ? { lastStatus: m.lastStatus } : {}),
    })),
    dlq: [...store.dlq.values()].map((m) => ({ ...messageJson(m), dlqId: m.dlqId })),
  });

  const reset = async () => {
    store.reset();
    requestLog.clear();
    faults.clear();
    engine.deliveries.length = 0;
    await persist();
  };

  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    void handle(req, res);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const raw = req.url ?? "/";
    const method = (req.method ?? "GET").toUpperCase();
    const { path, query, token: queryToken } = splitTarget(raw);
    const isDev = path.startsWith("/__dev/") || path === "/__dev";
    let fault: string | undefined;
    const finish = (status: number) => {
      if (!isDev)
        requestLog.add({
          method,
          path: redactPath(path),
          status,
          time: started,
          durationMs: Date.now() - started,
          ...(fault ? { fault } : {}),
        });
      if (!isDev) log(`${method} ${redactPath(path)} ${status}${fault ? ` (fault: ${fault})` : ""}`);
    };
    try {
      const presented = bearer(req) ?? queryToken;
      if (presented !== token) {
        await drain(req);
        throw new HttpError(
          401,
          presented === undefined ? "unauthorized: missing token" : "unauthorized: invalid token",
        );
      }
      if (isDev) {
        const body = await readBody(req);
        const result = await handleDevApi(
          { store, engine, clock: clockControls, faults, requestLog, inventory, reset },
          method,
          path,
          query,
          body,
        );
        sendJson(res, result.status, result.json);
        return;
      }
      if (!NO_RATE_LIMIT.test(path)) {
        const limited = faults.rateLimit(Date.now());
        if (limited) {
          fault = "rate-limit";
          await drain(req);
          throw new HttpError(429, "Exceeded burst rate limit", limited);
        }
      }
      const decision = faults.decide(method, path);
      if (decision.latencyMs > 0) {
        fault = `latency ${decision.latencyMs}ms`;
        await new Promise((r) => setTimeout(r, decision.latencyMs));
      }
      if (decision.kind && decision.kind !== "lost") {
        fault = decision.kind;
        await drain(req);
        if (decision.kind === "reset") {
          req.socket.destroy();
          finish(0);
          return;
        }
        if (decision.kind === "429") {
          const reset = Math.floor(Date.now() / 1000) + decision.retryAfterSeconds;
          throw new HttpError(429, "Exceeded burst rate limit", {
            "Burst-RateLimit-Limit": "100",
            "Burst-RateLimit-Remaining": "0",
            "Burst-RateLimit-Reset": String(reset),
            "Retry-After": String(decision.retryAfterSeconds),
          });
        }
        const headers: Record<string, string> =
          decision.kind === "503" ? { "Retry-After": String(decision.retryAfterSeconds) } : {};
        throw new HttpError(
          Number(decision.kind),
          decision.kind === "503"
            ? "service unavailable (injected fault)"
            : "internal server error (injected fault)",
          headers,
        );
      }
      if (!path.startsWith("/v2/"))
        throw new HttpError(404, `no such endpoint: ${method} ${redactPath(path)}`);
      const body = await readBody(req);
      const apiReq: ApiRequest = {
        method,
        path,
        query,
        headers: bagOf(req),
        body,
        callerIP: callerIpOf(req),
      };
      const result = await handleApi(ctx, apiReq);
      if (decision.kind === "lost") {
        // applied, but the response never arrives
        fault = "lost";
        req.socket.destroy();
        finish(0);
        return;
      }
      if ("empty" in result) sendEmpty(res, result.status);
      else sendJson(res, result.status, result.json);
      finish(result.status);
    } catch (e) {
      const err =
        e instanceof HttpError
          ? e
          : new HttpError(500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
      if (err.status === 500 && !(e instanceof HttpError))
        log(`internal error on ${method} ${redactPath(path)}: ${String(e)}`);
      if (!res.headersSent && !res.destroyed) sendError(res, err);
      finish(err.status);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
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
    clock: clockControls,
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
