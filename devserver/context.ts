import type { Engine } from "./engine.js";
import type { HeaderBag } from "./message-headers.js";
import type { Params } from "./router.js";
import type { Clock, Store } from "./store.js";
import type { Workflows } from "./workflow/service.js";

/** Quotas that make the devserver answer 412 like QStash does when a plan limit is hit. */
export interface DevServerLimits {
  maxQueues?: number;
  maxParallelism?: number;
  maxSchedules?: number;
  /** What `GET /v2/globalParallelism` reports as `parallelismMax` (plan-dependent; none by default). */
  globalParallelism?: number;
}

/** What every `/v2` route handler gets: the state, the engine and the server's settings. */
export interface ApiContext {
  store: Store;
  engine: Engine;
  workflows: Workflows;
  clock: Clock;
  limits: DevServerLimits;
  defaultRetries: number;
  /** Resolves once the change is durable (no-op without `--data`). */
  persist: () => Promise<void>;
}

/** What the router knows about a request, the path split from the query exactly as received. */
export interface ApiRequest {
  method: string;
  /** Raw path, `//` and percent-escapes untouched. */
  path: string;
  /** Raw query without `?`, `qstash_token` removed. */
  query: string;
  headers: HeaderBag;
  body: Buffer;
  callerIP: string;
}

export type ApiResult = { status: number; json?: unknown } | { status: number; empty: true };

export type ApiHandler = (ctx: ApiContext, req: ApiRequest, params: Params) => Promise<ApiResult> | ApiResult;

export const ok = (json: unknown, status = 200): ApiResult => ({ status, json });
/** 200 with an empty body: what QStash answers for delete, pause, resume and upserts. */
export const empty = (): ApiResult => ({ status: 200, empty: true });
