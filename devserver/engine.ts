import { Agent, request } from "undici";
import { randomId, signDelivery } from "../sdk/receiver/sign.js";
import { admit } from "./admission.js";
import { callbackSpec } from "./callbacks.js";
import { type Outcome, type Transition, transition } from "./delivery.js";
import type { MessageSpec } from "./message-headers.js";
import type { LogRecord } from "./message-log.js";
import { copySet, type MessageRecord, type ResponseRecord, type ScheduleRecord } from "./records.js";
import type { Clock, Store } from "./store.js";
import { compileRetryDelay, nextCronTime } from "./validate.js";

/** One delivery attempt, as recorded for tests (`GET /__dev/deliveries`). */
export interface DeliveryRecord {
  messageId: string;
  url: string;
  method: string;
  /** 0 on the first attempt. */
  retried: number;
  /** HTTP status, or 0 when the connection failed or timed out. */
  status: number;
  error?: string;
  scheduleId?: string;
  topicName?: string;
  callbackOf?: string;
  /** Unix ms (real time). */
  time: number;
}

/**
 * What a part built over the engine (Upstash Workflow) adds to a delivery: `prepare` may
 * replace the body and add headers just before an attempt is signed and sent; `settled`
 * hears each attempt's outcome once the engine has applied it.
 */
export interface DeliveryHooks {
  prepare?(m: MessageRecord): { body: Buffer; headers: Record<string, string> } | undefined;
  settled?(m: MessageRecord): void;
}

export interface EngineOptions {
  clock: Clock;
  store: Store;
  /** Multiplies every retry delay (backoff, `Upstash-Retry-Delay`, `Retry-After`). */
  retryDelayScale: number;
  /** Overrides the default backoff; receives retries so far (1 after the first failure), returns ms. */
  retryBackoff?: ((retried: number) => number) | undefined;
  /** Delivery timeout when the message sets none. */
  deliveryTimeoutMs: number;
  /** `Upstash-Region` header value, when set. */
  region?: string | undefined;
  /** Scheduler tick. */
  tickMs: number;
  /** Most messages in flight at once across all keys (the plan's global parallelism); none by default. */
  globalParallelism?: number | undefined;
  /** Called after any change to persisted state made by the engine (not awaited by the engine). */
  onChange: () => void;
  log: (line: string) => void;
  hooks?: DeliveryHooks;
}

const DELIVERY_LOG_CAP = 10_000;
const DAY_MS = 86_400_000;

/**
 * The delivery engine and cron scheduler: decides what is due, signs and sends it,
 * retries with backoff, honours `Retry-After` and 489, and produces callbacks.
 */
export class Engine {
  readonly deliveries: DeliveryRecord[] = [];
  private readonly agent = new Agent({ connections: 64, keepAliveTimeout: 2_000 });
  private timer: NodeJS.Timeout | undefined;
  private kickPending = false;
  private inflight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly o: EngineOptions) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.o.tickMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inflight]);
    await this.agent.close();
  }

  /** Fire due schedules, then start due deliveries. */
  tick(): { scheduleId: string; messageIds: string[] }[] {
    const fired = this.fireDueSchedules();
    this.pump();
    return fired;
  }

  /** Asks for a pump on the next turn; many calls in one turn cost one pump. */
  kick(): void {
    if (this.kickPending || this.closed) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      this.pump();
    });
  }

  /** Adds freshly created messages and schedules their delivery. */
  add(messages: MessageRecord[]): void {
    const { store } = this.o;
    for (const m of messages) {
      store.messages.set(m.messageId, m);
      if (m.spec.flowControl) store.flow.observe(m.spec.flowControl, m.createdAt);
      this.logState(m, "CREATED", m.createdAt);
    }
    this.kick();
  }

  /** Cancels a pending message (it may already be in flight: its outcome is then ignored). */
  cancel(m: MessageRecord): void {
    const now = this.o.clock.now();
    this.logState(m, "CANCEL_REQUESTED", now);
    m.state = "CANCELLED";
    this.logState(m, "CANCELED", now);
    this.finishMessage(m);
  }

  private logState(
    m: MessageRecord,
    state: LogRecord["state"],
    time: number,
    extra: Partial<LogRecord> = {},
  ): void {
    this.o.store.logs.add({ time, state, message: m, ...extra });
  }

  newMessage(init: {
    url: string;
    spec: MessageSpec;
    callerIP: string;
    topicName?: string | undefined;
    endpointName?: string | undefined;
    scheduleId?: string | undefined;
    queueName?: string | undefined;
    callbackOf?: string | undefined;
  }): MessageRecord {
    const now = this.o.clock.now();
    let dueAt = now;
    if (init.spec.notBefore !== undefined) dueAt = init.spec.notBefore * 1000;
    else if (init.spec.delay) dueAt = now + init.spec.delay * 1000;
    const m: MessageRecord = {
      messageId: randomId("msg_"),
      url: init.url,
      spec: init.spec,
      createdAt: now,
      dueAt,
      state: "CREATED",
      retried: 0,
      callerIP: init.callerIP,
    };
    copySet(m, init, ["topicName", "endpointName", "scheduleId", "queueName", "callbackOf"]);
    return m;
  }

  /** Fire every schedule whose time has come (paused ones skip the firing but keep their cadence). */
  fireDueSchedules(): { scheduleId: string; messageIds: string[] }[] {
    const now = this.o.clock.now();
    const fired: { scheduleId: string; messageIds: string[] }[] = [];
    let changed = false;
    for (const s of this.o.store.schedules.values()) {
      if (s.nextScheduleTime === undefined || s.nextScheduleTime > now) continue;
      if (!s.isPaused) fired.push({ scheduleId: s.scheduleId, messageIds: this.trigger(s) });
      const next = nextCronTime(this.o.store.cronOf(s), Math.max(now, s.nextScheduleTime));
      if (next === undefined) delete s.nextScheduleTime;
      else s.nextScheduleTime = next;
      changed = true;
    }
    if (changed) this.o.onChange();
    return fired;
  }

  /** Produce the messages of one schedule firing, now, regardless of its cron. */
  trigger(s: ScheduleRecord): string[] {
    const now = this.o.clock.now();
    const msgs: MessageRecord[] = [];
    const base = {
      spec: s.spec,
      callerIP: s.callerIP,
      scheduleId: s.scheduleId,
      queueName: s.spec.queueName,
    };
    if (/^https?:\/\//i.test(s.destination)) {
      msgs.push(this.newMessage({ ...base, url: s.destination }));
    } else {
      const group = this.o.store.urlGroups.get(s.destination);
      if (!group) {
        this.o.log(
          `schedule ${s.scheduleId}: URL group "${s.destination}" does not exist; nothing delivered`,
        );
      } else {
        for (const e of group.endpoints) {
          msgs.push(this.newMessage({ ...base, url: e.url, topicName: group.name, endpointName: e.name }));
        }
      }
    }
    s.lastScheduleTime = now;
    s.lastScheduleStates = Object.fromEntries(msgs.map((m) => [m.messageId, "IN_PROGRESS"]));
    if (s.spec.queueName) this.ensureQueue(s.spec.queueName);
    this.add(msgs);
    this.o.onChange();
    return msgs.map((m) => m.messageId);
  }

  ensureQueue(name: string): void {
    if (this.o.store.queues.has(name)) return;
    const now = this.o.clock.now();
    this.o.store.queues.set(name, { name, createdAt: now, updatedAt: now, parallelism: 1, paused: false });
  }

  /** Starts every due message that its queue and flow control allow (decided by `admit`). */
  pump(): void {
    if (this.closed) return;
    const { store, clock } = this.o;
    const now = clock.now();
    const { start, windows } = admit(
      {
        messages: store.messages,
        queues: store.queues,
        flowKeys: store.flow.keys,
        globalParallelism: this.o.globalParallelism,
      },
      now,
    );
    for (const [key, w] of windows) {
      const k = store.flow.keys.get(key);
      if (!k) continue;
      k.rateCount = w.count;
      k.ratePeriodStart = w.start;
    }
    for (const m of start) {
      m.state = "ACTIVE";
      this.logState(m, "ACTIVE", now);
      const p = this.attempt(m).finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
  }

  /** Messages not yet final. */
  pendingCount(): number {
    return this.o.store.messages.size;
  }

  /**
   * Resolves when nothing can progress without moving the clock: no attempt in flight and
   * nothing due (messages in a paused queue or delayed into the future don't count).
   */
  async settle(timeoutMs = 10_000): Promise<{ settled: boolean; pending: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.pump();
      const now = this.o.clock.now();
      let busy = this.inflight.size > 0;
      if (!busy) {
        for (const m of this.o.store.messages.values()) {
          const q = m.queueName ? this.o.store.queues.get(m.queueName) : undefined;
          if (q?.paused) continue;
          // A paused key, or one whose rate window is used up for longer than the
          // horizon, cannot progress without the clock moving either.
          const fk = m.spec.flowControl?.key;
          if (fk && this.o.store.flow.blockedUntil(fk, now) > now + 60_000) continue;
          if (m.dueAt <= now + 60_000) {
            busy = true;
            break;
          }
        }
      }
      if (!busy) return { settled: true, pending: this.pendingCount() };
      if (Date.now() > deadline) return { settled: false, pending: this.pendingCount() };
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private recordDelivery(d: DeliveryRecord): void {
    this.deliveries.push(d);
    if (this.deliveries.length > DELIVERY_LOG_CAP)
      this.deliveries.splice(0, this.deliveries.length - DELIVERY_LOG_CAP);
  }

  /** One attempt: sends `m` and applies what its outcome does to it. */
  private async attempt(m: MessageRecord): Promise<void> {
    const outcome = await this.send(m);
    if (this.closed) return;
    if (!this.o.store.messages.has(m.messageId)) return; // cancelled or reset meanwhile
    const now = this.o.clock.now();
    this.apply(
      m,
      transition(m, outcome, now, (r, hinted) => this.retryDelayMs(r, hinted)),
      now,
    );
  }

  /** Signs and sends one attempt of `m` and records it; I/O only, the message is untouched. */
  private async send(m: MessageRecord): Promise<Outcome> {
    const spec = m.spec;
    const prepared = this.o.hooks?.prepare?.(m);
    const body = prepared?.body ?? Buffer.from(spec.body, "base64");
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(spec.header)) headers[k] = v.length === 1 ? v[0]! : v;
    headers["User-Agent"] = "Upstash-QStash";
    headers["Upstash-Message-Id"] = m.messageId;
    headers["Upstash-Retried"] = String(m.retried);
    headers["Upstash-Caller-Ip"] = m.callerIP;
    if (m.scheduleId) headers["Upstash-Schedule-Id"] = m.scheduleId;
    if (m.topicName) headers["Upstash-Topic-Name"] = m.topicName;
    if (this.o.region) headers["Upstash-Region"] = this.o.region;
    if (prepared) Object.assign(headers, prepared.headers);
    // Signed with real time: receivers check exp/iat against their own clocks. The
    // signature covers exactly the bytes sent below, whatever the method (ledger M2).
    headers["Upstash-Signature"] = await signDelivery({
      signingKey: this.o.store.keys.current,
      url: m.url,
      body,
    });
    const timeoutMs = spec.timeout !== undefined ? spec.timeout * 1000 : this.o.deliveryTimeoutMs;
    const outcome: Outcome = { status: 0, headers: {}, body: Buffer.alloc(0), receivedAt: 0 };
    try {
      const res = await request(m.url, {
        method: spec.method as "POST",
        headers,
        // undici sends a GET's body too (no Content-Length when it is empty).
        body,
        dispatcher: this.agent,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      outcome.status = res.statusCode;
      outcome.headers = res.headers;
      outcome.body = Buffer.from(await res.body.arrayBuffer());
    } catch (e) {
      outcome.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    outcome.receivedAt = Date.now();
    const record: DeliveryRecord = {
      messageId: m.messageId,
      url: m.url,
      method: spec.method,
      retried: m.retried,
      status: outcome.status,
      time: outcome.receivedAt,
    };
    if (outcome.error) record.error = outcome.error;
    if (m.scheduleId) record.scheduleId = m.scheduleId;
    if (m.topicName) record.topicName = m.topicName;
    if (m.callbackOf) record.callbackOf = m.callbackOf;
    this.recordDelivery(record);
    return outcome;
  }

  /** Applies a transition to `m`: its state, its log entries, its callbacks, the DLQ. */
  private apply(m: MessageRecord, t: Transition, now: number): void {
    m.lastStatus = t.lastStatus;
    if (t.lastError) m.lastError = t.lastError;
    else delete m.lastError;
    if (t.state !== "DELIVERED") m.response = t.response;
    // the delivery's callback is made before its states are logged, the failure callback after
    const enqueue = (failure: boolean) => {
      for (const c of t.callbacks) if (c.failure === failure) this.callback(m, c.url, t.response, failure);
    };
    enqueue(false);
    if (t.state === "FAILED") {
      m.state = "FAILED";
      m.dlqId = this.o.store.nextDlqId(now);
    } else if (t.state === "RETRY") {
      m.retried++;
      m.state = "RETRY";
      m.dueAt = t.dueAt ?? now;
    } else m.state = "DELIVERED";
    for (const l of t.logs) {
      const { state, ...rest } = l;
      this.logState(m, state, now, rest);
    }
    if (t.notice) this.o.log(t.notice);
    enqueue(true);
    if (t.state !== "RETRY") this.finishMessage(m);
    this.o.hooks?.settled?.(m);
    this.o.onChange();
    this.kick();
  }

  private retryDelayMs(m: MessageRecord, hintedMs: number | undefined): number {
    const scale = this.o.retryDelayScale;
    if (hintedMs !== undefined) return Math.round(hintedMs * scale);
    if (m.spec.retryDelayExpression) {
      return Math.round(
        Math.min(DAY_MS, compileRetryDelay(m.spec.retryDelayExpression)(m.retried - 1)) * scale,
      );
    }
    if (this.o.retryBackoff) return Math.max(0, this.o.retryBackoff(m.retried));
    return Math.round(Math.min(86_400, Math.exp(2.5 * m.retried)) * 1000 * scale);
  }

  private finishMessage(m: MessageRecord): void {
    const { store } = this.o;
    if (m.scheduleId) {
      const s = store.schedules.get(m.scheduleId);
      if (s && m.messageId in s.lastScheduleStates) {
        s.lastScheduleStates[m.messageId] = m.state === "DELIVERED" ? "SUCCESS" : "FAIL";
      }
    }
    store.finish(m, this.o.clock.now());
  }

  private callback(m: MessageRecord, url: string, response: ResponseRecord, failure: boolean): void {
    const spec = callbackSpec(m, response, failure);
    this.add([this.newMessage({ url, spec, callerIP: m.callerIP, callbackOf: m.messageId })]);
  }
}
