import { HttpError } from "./http-util.js";

/**
 * What a fault does to a request it hits. `lost` processes the request and then
 * drops the connection before the response: the change is applied but the
 * client never hears so (the case that makes retries duplicate work).
 */
export type FaultKind = "429" | "500" | "503" | "reset" | "lost" | "latency";

/**
 * One fault rule. `route` matches `"METHOD /path/prefix"`, `"/path/prefix"` or `"*"`
 * (a trailing `*` is implied; `*` inside matches any characters). The first rule that
 * matches and wins its dice roll decides; `latency` rules add delay and let the request go on.
 *
 * @example
 * ```ts
 * server.faults.set({ seed: 42, rules: [{ route: "POST /v2/schedules", kind: "503", probability: 0.3 }] });
 * ```
 */
export interface FaultRule {
  route?: string;
  kind: FaultKind;
  /** 0..1, default 1. */
  probability?: number;
  /** For `latency`; default 100 ms. */
  latencyMs?: number;
  /** For `429`/`503`: the `Retry-After` header in seconds; default 1. */
  retryAfterSeconds?: number;
  /** Stop after this many hits. */
  times?: number;
}

/** The whole fault configuration; `set()` replaces it and reseeds the PRNG. */
export interface FaultConfig {
  /** PRNG seed; the same seed and the same request sequence give the same faults. Default 1. */
  seed?: number;
  rules?: FaultRule[];
  /** Burst rate limit on management endpoints, requests per second; 0 or absent disables it. */
  rateLimitPerSecond?: number;
}

/** mulberry32: tiny, fast, good enough for reproducible dice. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function routeMatcher(route: string | undefined): (method: string, path: string) => boolean {
  if (!route || route === "*") return () => true;
  const m = /^([A-Z]+)\s+(.*)$/.exec(route.trim());
  const method = m ? m[1] : undefined;
  const pattern = (m ? m[2]! : route.trim()).replace(/\*+$/, "");
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}`,
  );
  return (reqMethod, path) => (method === undefined || method === reqMethod) && re.test(path);
}

export interface FaultDecision {
  latencyMs: number;
  kind?: Exclude<FaultKind, "latency">;
  retryAfterSeconds: number;
}

/** Seeded fault injector and burst rate limiter; only the `/v2` API is subject to it. */
export class Faults {
  private config: FaultConfig = {};
  private rules: { rule: FaultRule; match: (m: string, p: string) => boolean; hits: number }[] = [];
  private rand = mulberry32(1);
  private windowStart = 0;
  private windowCount = 0;

  constructor(config?: FaultConfig) {
    if (config) this.set(config);
  }

  /** Replace the configuration and reseed. */
  set(config: FaultConfig): void {
    for (const r of config.rules ?? []) {
      if (!["429", "500", "503", "reset", "lost", "latency"].includes(r.kind))
        throw new Error(`unknown fault kind "${r.kind}"`);
      if (r.probability !== undefined && !(r.probability >= 0 && r.probability <= 1)) {
        throw new Error(`fault probability must be between 0 and 1, got ${r.probability}`);
      }
    }
    this.config = structuredClone(config);
    this.rules = (config.rules ?? []).map((rule) => ({ rule, match: routeMatcher(rule.route), hits: 0 }));
    this.rand = mulberry32(config.seed ?? 1);
    this.windowStart = 0;
    this.windowCount = 0;
  }

  /** Remove every rule and the rate limit. */
  clear(): void {
    this.set({});
  }

  get(): FaultConfig {
    return structuredClone(this.config);
  }

  decide(method: string, path: string): FaultDecision {
    const out: FaultDecision = { latencyMs: 0, retryAfterSeconds: 1 };
    for (const r of this.rules) {
      if (!r.match(method, path)) continue;
      if (r.rule.times !== undefined && r.hits >= r.rule.times) continue;
      const p = r.rule.probability ?? 1;
      if (p < 1 && this.rand() >= p) continue;
      r.hits++;
      if (r.rule.kind === "latency") {
        out.latencyMs += r.rule.latencyMs ?? 100;
        continue;
      }
      out.kind = r.rule.kind;
      out.retryAfterSeconds = r.rule.retryAfterSeconds ?? 1;
      break;
    }
    return out;
  }

  /** Fixed one-second window, as QStash's burst limit reports it. Returns headers when over. */
  rateLimit(nowMs: number): Record<string, string> | undefined {
    const limit = this.config.rateLimitPerSecond;
    if (!limit || limit <= 0) return undefined;
    const second = Math.floor(nowMs / 1000);
    if (second !== this.windowStart) {
      this.windowStart = second;
      this.windowCount = 0;
    }
    this.windowCount++;
    if (this.windowCount <= limit) return undefined;
    return burstHeaders(limit, 0, second + 1);
  }
}

export function burstHeaders(
  limit: number,
  remaining: number,
  resetUnixSeconds: number,
  retryAfterSeconds = Math.max(1, resetUnixSeconds - Math.floor(Date.now() / 1000)),
): Record<string, string> {
  return {
    "Burst-RateLimit-Limit": String(limit),
    "Burst-RateLimit-Remaining": String(remaining),
    "Burst-RateLimit-Reset": String(resetUnixSeconds),
    "Retry-After": String(retryAfterSeconds),
  };
}

/** The response of an injected `429`, `500` or `503` (the one place their headers are built). */
export function faultError(kind: "429" | "500" | "503", retryAfterSeconds: number): HttpError {
  if (kind === "429") {
    return new HttpError(
      429,
      "Exceeded burst rate limit",
      burstHeaders(100, 0, Math.floor(Date.now() / 1000) + retryAfterSeconds, retryAfterSeconds),
    );
  }
  if (kind === "503") {
    return new HttpError(503, "service unavailable (injected fault)", {
      "Retry-After": String(retryAfterSeconds),
    });
  }
  return new HttpError(500, "internal server error (injected fault)");
}
