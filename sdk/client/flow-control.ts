import { ValidationError } from "../errors.js";
import { segment } from "./internal/path.js";
import { query } from "./internal/query.js";
import { request } from "./internal/request.js";
import { Resource } from "./internal/resource.js";
import * as shape from "./internal/shapes.js";
import { int } from "./internal/validate.js";
import type { FlowControlInfo, GlobalParallelismInfo } from "./responses.js";
import type { CallOptions } from "./types.js";

export type { FlowControlInfo, GlobalParallelismInfo } from "./responses.js";

/** What `pin` fixes (any of them): parallelism, rate, and the rate's period in seconds. */
export interface PinFlowControlOptions {
  parallelism?: number;
  rate?: number;
  period?: number;
}

/** Which pinned values `unpin` releases. */
export interface UnpinFlowControlOptions {
  parallelism?: boolean;
  rate?: boolean;
}

function keyPath(key: string, action = ""): string {
  return `/v2/flowControl/${segment(key, "flowControlKey")}${action}`;
}

/**
 * Flow-control keys: inspect them, pause and resume delivery, pin a configuration, reset
 * the rate window. Reach it as `client.flowControl`.
 *
 * @example
 * ```ts
 * await client.flowControl.pause("billing");
 * const { waitListSize } = await client.flowControl.get("billing");
 * await client.flowControl.resume("billing");
 * ```
 */
export class FlowControlApi extends Resource {
  /**
   * Every key QStash knows. The OpenAPI document lists this call; the official JS SDK
   * does not have it.
   *
   * @example
   * ```ts
   * const keys = await client.flowControl.list();
   * ```
   */
  async list(opts?: CallOptions): Promise<FlowControlInfo[]> {
    return request(this.http, "GET", "/v2/flowControl", opts, {
      expect: shape.listOf(shape.flowControlInfo),
    });
  }

  /**
   * One key. Throws `NotFoundError` for a key no message has used.
   *
   * @example
   * ```ts
   * const info = await client.flowControl.get("billing");
   * ```
   */
  async get(flowControlKey: string, opts?: CallOptions): Promise<FlowControlInfo> {
    return request(this.http, "GET", keyPath(flowControlKey), opts, { expect: shape.flowControlInfo });
  }

  /**
   * Global parallelism: the maximum and the current count (0 when QStash leaves one out).
   *
   * @example
   * ```ts
   * const { parallelismMax, parallelismCount } = await client.flowControl.getGlobalParallelism();
   * ```
   */
  async getGlobalParallelism(opts?: CallOptions): Promise<GlobalParallelismInfo> {
    return request(this.http, "GET", "/v2/globalParallelism", opts, { expect: shape.globalParallelism });
  }

  /**
   * Hold deliveries of the key: waiting messages stay in its wait list, new ones join it.
   *
   * @example
   * ```ts
   * await client.flowControl.pause("billing");
   * ```
   */
  async pause(flowControlKey: string, opts?: CallOptions): Promise<void> {
    await request(this.http, "POST", keyPath(flowControlKey, "/pause"), opts);
  }

  /**
   * Deliver the key's messages again.
   *
   * @example
   * ```ts
   * await client.flowControl.resume("billing");
   * ```
   */
  async resume(flowControlKey: string, opts?: CallOptions): Promise<void> {
    await request(this.http, "POST", keyPath(flowControlKey, "/resume"), opts);
  }

  /**
   * Fix the key's parallelism and/or rate (and period, seconds) regardless of what new
   * messages say; starts a fresh rate window.
   *
   * @example
   * ```ts
   * await client.flowControl.pin("billing", { parallelism: 3, rate: 20, period: 60 });
   * ```
   */
  async pin(flowControlKey: string, options: PinFlowControlOptions, opts?: CallOptions): Promise<void> {
    const pinned: Record<string, number> = {};
    for (const k of ["parallelism", "rate", "period"] as const) {
      if (options[k] !== undefined) pinned[k] = int(options[k], k);
    }
    const q = query(pinned);
    if (q === "") throw new ValidationError("options", "expected parallelism, rate or period");
    await request(this.http, "POST", `${keyPath(flowControlKey, "/pin")}${q}`, opts);
  }

  /**
   * Release pinned values: new messages set them again.
   *
   * @example
   * ```ts
   * await client.flowControl.unpin("billing", { parallelism: true, rate: true });
   * ```
   */
  async unpin(flowControlKey: string, options: UnpinFlowControlOptions, opts?: CallOptions): Promise<void> {
    const q = query({ parallelism: options.parallelism, rate: options.rate });
    await request(this.http, "POST", `${keyPath(flowControlKey, "/unpin")}${q}`, opts);
  }

  /**
   * Zero the key's rate count and start a new period now.
   *
   * @example
   * ```ts
   * await client.flowControl.resetRate("billing");
   * ```
   */
  async resetRate(flowControlKey: string, opts?: CallOptions): Promise<void> {
    await request(this.http, "POST", keyPath(flowControlKey, "/resetRate"), opts);
  }
}
