// A delivery's life as a pure function (devserver/delivery.ts): what one
// attempt's outcome does to a message, with no clock, network or store.
import { describe, expect, it } from "vitest";
import { type Outcome, transition } from "../../devserver/delivery.js";
import type { MessageRecord } from "../../devserver/records.js";

const message = (
  o: Partial<MessageRecord> = {},
  spec: Partial<MessageRecord["spec"]> = {},
): MessageRecord => ({
  messageId: "msg_1",
  url: "http://127.0.0.1:9/hook",
  spec: { method: "POST", header: {}, body: "", retries: 2, ...spec },
  createdAt: 0,
  dueAt: 0,
  state: "ACTIVE" as MessageRecord["state"],
  retried: 0,
  callerIP: "127.0.0.1",
  ...o,
});
const outcome = (status: number, o: Partial<Outcome> = {}): Outcome => ({
  status,
  headers: {},
  body: Buffer.from("answer"),
  receivedAt: 1_000_000,
  ...o,
});
const NOW = 5_000;
/** Backoff of the test: 100 ms per retry so far, or the server's hint. */
const delay = (m: MessageRecord, hinted: number | undefined) => hinted ?? m.retried * 100;

describe("transition: one attempt's outcome", () => {
  it("2xx delivers, logs DELIVERED, and gives the callback the response", () => {
    const t = transition(message({}, { callback: "http://127.0.0.1:9/cb" }), outcome(204), NOW, delay);
    expect(t.state).toBe("DELIVERED");
    expect(t.logs).toEqual([{ state: "DELIVERED" }]);
    expect(t.callbacks).toEqual([{ url: "http://127.0.0.1:9/cb", failure: false }]);
    expect(t.response).toMatchObject({ status: 204, body: Buffer.from("answer").toString("base64") });
    expect(t.lastStatus).toBe(204);
  });

  it("a failure with retries left retries after the backoff of the next retry, logging ERROR then RETRY", () => {
    const t = transition(message({ retried: 1 }), outcome(500), NOW, delay);
    expect(t.state).toBe("RETRY");
    expect(t.dueAt).toBe(NOW + 200);
    expect(t.logs.map((l) => l.state)).toEqual(["ERROR", "RETRY"]);
    expect(t.logs[0]?.error).toBe("500 Internal Server Error");
    expect(t.logs[1]?.nextDeliveryTime).toBe(NOW + 200);
    expect(t.callbacks).toEqual([]);
  });

  it("Retry-After (seconds or an HTTP date from the answer's arrival) sets the delay", () => {
    expect(transition(message(), outcome(429, { headers: { "retry-after": "3" } }), NOW, delay).dueAt).toBe(
      NOW + 3000,
    );
    const date = new Date(1_000_000 + 7000).toUTCString();
    expect(transition(message(), outcome(503, { headers: { "retry-after": date } }), NOW, delay).dueAt).toBe(
      NOW + 7000,
    );
  });

  it("the last retry failing fails into the DLQ and calls the failure callback with the response", () => {
    const m = message(
      { retried: 2 },
      { failureCallback: "http://127.0.0.1:9/failed", callback: "http://127.0.0.1:9/cb" },
    );
    const t = transition(m, outcome(0, { error: "Error: connect ECONNREFUSED" }), NOW, delay);
    expect(t.state).toBe("FAILED");
    expect(t.logs).toEqual([
      { state: "ERROR", error: "Error: connect ECONNREFUSED", response: t.response },
      { state: "FAILED", error: "max retries reached (3 attempt(s))" },
    ]);
    expect(t.callbacks).toEqual([
      { url: "http://127.0.0.1:9/cb", failure: false },
      { url: "http://127.0.0.1:9/failed", failure: true },
    ]);
    expect(t.lastError).toBe("Error: connect ECONNREFUSED");
    expect(t.notice).toMatch(/msg_1 .* failed after 3 attempt\(s\)/);
  });

  it("489 with Upstash-NonRetryable-Error: true fails at once; 489 without it retries", () => {
    const stop = outcome(489, { headers: { "upstash-nonretryable-error": "true" } });
    expect(transition(message(), stop, NOW, delay).state).toBe("FAILED");
    expect(transition(message(), outcome(489), NOW, delay).state).toBe("RETRY");
  });

  it("a callback's own delivery makes no callback", () => {
    const m = message(
      { callbackOf: "msg_0" },
      { callback: "http://127.0.0.1:9/cb", failureCallback: "http://127.0.0.1:9/f" },
    );
    expect(transition(m, outcome(200), NOW, delay).callbacks).toEqual([]);
    expect(transition({ ...m, retried: 2 }, outcome(500), NOW, delay).callbacks).toEqual([]);
  });

  it("leaves the message itself untouched", () => {
    const m = message();
    const before = structuredClone(m);
    transition(m, outcome(500), NOW, delay);
    expect(m).toEqual(before);
  });
});
