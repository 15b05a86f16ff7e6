import { DEFAULT_FLOW_CONTROL_PERIOD_SECONDS } from "../sdk/qstash-rules.js";
import { blockedUntil, recordedWindow, windowAt } from "./admission.js";
import type { FlowControl } from "./message-headers.js";

/** One flow-control key's configuration and its current rate window. */
export interface FlowKeyRecord {
  key: string;
  /** 0 or absent: no limit. */
  parallelism?: number;
  rate?: number;
  /** Rate period in seconds (QStash's default: one second). */
  period: number;
  pinnedParallelism: boolean;
  pinnedRate: boolean;
  paused: boolean;
  /** Messages started in the current rate window, and when that window began (unix ms). */
  rateCount: number;
  ratePeriodStart: number;
}

/** What a pin sets (any subset). */
export interface FlowPin {
  parallelism?: number;
  rate?: number;
  period?: number;
}

/**
 * Flow control by key, as QStash describes it: the configuration comes from the newest
 * message that carries the key unless it is pinned; delivery of a key can be paused; the
 * rate counts starts in fixed windows of `period` seconds. Which messages a key lets
 * start is decided in admission.ts.
 */
export class FlowControls {
  readonly keys = new Map<string, FlowKeyRecord>();

  /** The key's record, created on first use (a message, a pause or a pin). */
  ensure(key: string, now: number): FlowKeyRecord {
    let k = this.keys.get(key);
    if (!k) {
      k = {
        key,
        period: DEFAULT_FLOW_CONTROL_PERIOD_SECONDS,
        pinnedParallelism: false,
        pinnedRate: false,
        paused: false,
        rateCount: 0,
        ratePeriodStart: now,
      };
      this.keys.set(key, k);
    }
    return k;
  }

  /** A new message carries `fc`: its values become the key's, except the pinned ones. */
  observe(fc: FlowControl, now: number): void {
    const k = this.ensure(fc.key, now);
    if (!k.pinnedParallelism) {
      if (fc.parallelism === undefined) delete k.parallelism;
      else k.parallelism = fc.parallelism;
    }
    if (!k.pinnedRate) {
      if (fc.rate === undefined) delete k.rate;
      else k.rate = fc.rate;
      k.period = fc.period || 1;
    }
  }

  /**
   * Until when the key starts nothing (see `blockedUntil` in admission.ts). Reading rolls
   * an ended window forward, as the key's view does.
   */
  blockedUntil(key: string, now: number): number {
    const k = this.keys.get(key);
    if (k?.rate && !k.paused) this.roll(k, now);
    return blockedUntil(k, now);
  }

  /** Pinning replaces the given values, marks them pinned and starts a fresh rate window. */
  pin(k: FlowKeyRecord, pin: FlowPin, now: number): void {
    if (pin.parallelism !== undefined) {
      k.parallelism = pin.parallelism;
      k.pinnedParallelism = true;
    }
    if (pin.rate !== undefined || pin.period !== undefined) {
      if (pin.rate !== undefined) k.rate = pin.rate;
      if (pin.period !== undefined) k.period = pin.period || 1;
      k.pinnedRate = true;
    }
    this.resetRate(k, now);
  }

  resetRate(k: FlowKeyRecord, now: number): void {
    k.rateCount = 0;
    k.ratePeriodStart = now;
  }

  /** The rate count of the window that contains `now` (0 once the window has passed). */
  rateCountAt(k: FlowKeyRecord, now: number): number {
    this.roll(k, now);
    return k.rateCount;
  }

  clear(): void {
    this.keys.clear();
  }

  private roll(k: FlowKeyRecord, now: number): void {
    const w = windowAt(recordedWindow(k), k.period, now);
    k.rateCount = w.count;
    k.ratePeriodStart = w.start;
  }
}
