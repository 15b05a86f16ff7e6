import { describe, expect, it } from "vitest";
import { Client, ValidationError } from "../../sdk/client/index.js";
import { normaliseBaseUrl, resolveClientCredentials } from "../../sdk/client/internal/config.js";
import { rawDestination, segment } from "../../sdk/client/internal/path.js";
import {
  backoffMs,
  DEFAULT_RETRY,
  nextDelayMs,
  resolveRetry,
  serverWaitMs,
} from "../../sdk/client/internal/retry.js";
import * as v from "../../sdk/client/internal/validate.js";

// Every request in this file would go to a port nothing listens on; the
// assertions prove validation throws before any request is attempted (a
// request would surface as ConnectionError instead).
const client = () => new Client({ token: "t", baseUrl: "http://127.0.0.1:1", retry: false });

async function field(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ValidationError);
  return (e as ValidationError).field;
}

describe("validation before any request", () => {
  const c = client();
  const url = "http://127.0.0.1:9/x";

  it.each([
    ["empty URL group name", () => c.urlGroups.get(""), "name"],
    ["URL group name with a slash", () => c.urlGroups.delete("a/b"), "name"],
    [
      "URL group name with a space",
      () => c.urlGroups.addEndpoints({ name: "a b", endpoints: [{ url }] }),
      "name",
    ],
    ["dot-dot name", () => c.queues.get(".."), "queueName"],
    ["empty endpoint list", () => c.urlGroups.addEndpoints({ name: "g", endpoints: [] }), "endpoints"],
    [
      "endpoint URL without scheme",
      () => c.urlGroups.addEndpoints({ name: "g", endpoints: [{ url: "127.0.0.1/x" }] }),
      "endpoints[0].url",
    ],
    [
      "endpoint with ftp scheme",
      () => c.urlGroups.addEndpoints({ name: "g", endpoints: [{ url: "ftp://h/x" }] }),
      "endpoints[0].url",
    ],
    [
      "remove with neither name nor url",
      () => c.urlGroups.removeEndpoints({ name: "g", endpoints: [{} as { name: string }] }),
      "endpoints[0]",
    ],
    ["empty queue name", () => c.queues.upsert({ queueName: "" }), "queueName"],
    ["queue name with invalid chars", () => c.queues.pause("q!"), "queueName"],
    ["parallelism 0", () => c.queues.upsert({ queueName: "q", parallelism: 0 }), "parallelism"],
    ["parallelism 1.5", () => c.queues.upsert({ queueName: "q", parallelism: 1.5 }), "parallelism"],
    ["unnamed queue()", () => c.queue().get(), "queueName"],
    ["empty schedule id", () => c.schedules.get(""), "scheduleId"],
    ["schedule id with a slash", () => c.schedules.delete("a/../b"), "scheduleId"],
    ["pause with empty schedule", () => c.schedules.pause({ schedule: "" }), "schedule"],
    ["bad cron (4 fields)", () => c.schedules.create({ destination: url, cron: "* * * *" }), "cron"],
    ["bad cron (6 fields)", () => c.schedules.create({ destination: url, cron: "0 * * * * *" }), "cron"],
    ["bad cron (words)", () => c.schedules.create({ destination: url, cron: "every day" }), "cron"],
    ["empty cron", () => c.schedules.create({ destination: url, cron: "" }), "cron"],
    [
      "unknown CRON_TZ zone",
      () => c.schedules.create({ destination: url, cron: "CRON_TZ=Mars/Olympus 0 4 * * *" }),
      "cron",
    ],
    [
      "destination without scheme",
      () => c.schedules.create({ destination: "127.0.0.1:9/x", cron: "* * * * *" }),
      "destination",
    ],
    [
      "destination with a path but no scheme",
      () => c.schedules.create({ destination: "host/x", cron: "* * * * *" }),
      "destination",
    ],
    [
      "retries < 0",
      () => c.schedules.create({ destination: url, cron: "* * * * *", retries: -1 }),
      "retries",
    ],
    [
      "retries not an integer",
      () => c.schedules.create({ destination: url, cron: "* * * * *", retries: 1.5 }),
      "retries",
    ],
    [
      "bad delay",
      () => c.schedules.create({ destination: url, cron: "* * * * *", delay: "10 minutes" }),
      "delay",
    ],
    ["negative delay", () => c.schedules.create({ destination: url, cron: "* * * * *", delay: -5 }), "delay"],
    [
      "bad timeout",
      () => c.schedules.create({ destination: url, cron: "* * * * *", timeout: "soon" }),
      "timeout",
    ],
    [
      "bad method",
      () => c.schedules.create({ destination: url, cron: "* * * * *", method: "HEAD" as "GET" }),
      "method",
    ],
    [
      "callback without scheme",
      () => c.schedules.create({ destination: url, cron: "* * * * *", callback: "x" }),
      "callback",
    ],
    [
      "failureCallback without scheme",
      () => c.schedules.create({ destination: url, cron: "* * * * *", failureCallback: "//h/x" }),
      "failureCallback",
    ],
    [
      "invalid scheduleId",
      () => c.schedules.create({ destination: url, cron: "* * * * *", scheduleId: "a b" }),
      "scheduleId",
    ],
    [
      "invalid queueName",
      () => c.schedules.create({ destination: url, cron: "* * * * *", queueName: "" }),
      "queueName",
    ],
    [
      "flowControl with only a key",
      () => c.schedules.create({ destination: url, cron: "* * * * *", flowControl: { key: "k" } }),
      "flowControl",
    ],
    [
      "flowControl bad period",
      () =>
        c.schedules.create({
          destination: url,
          cron: "* * * * *",
          flowControl: { key: "k", rate: 1, period: "1w" },
        }),
      "flowControl.period",
    ],
    [
      "label with a comma",
      () => c.schedules.create({ destination: url, cron: "* * * * *", label: "a,b" }),
      "label[0]",
    ],
    [
      "header with a newline",
      () => c.schedules.create({ destination: url, cron: "* * * * *", headers: { x: "a\nb" } }),
      "headers.x",
    ],
    ["publish with no destination", () => c.publish({} as { url: string }), "url"],
    [
      "publish with two destinations",
      () => c.publish({ url, urlGroup: "g" } as unknown as { url: string }),
      "url",
    ],
    ["publish to URL without scheme", () => c.publish({ url: "127.0.0.1/x" }), "url"],
    ["publish to invalid group name", () => c.publish({ urlGroup: "a/b" }), "urlGroup"],
    ["publish retries < 0", () => c.publish({ url, retries: -1 }), "retries"],
    ["publish notBefore not an integer", () => c.publish({ url, notBefore: 1.5 }), "notBefore"],
    ["enqueue into an invalid queue", () => c.enqueue({ queueName: "a b", url }), "queueName"],
    ["empty batch", () => c.batch([]), "requests"],
    ["batch entry with bad retries", () => c.batch([{ url }, { url, retries: -2 }]), "[1].retries"],
  ])("refuses %s", async (_label, call, expected) => {
    expect(await field(call())).toBe(expected);
  });

  it("accepts the reference's cron forms", () => {
    for (const ok of [
      "* * * * *",
      "*/5 * * * *",
      "0 4 * * 1-5",
      "CRON_TZ=America/New_York 0 4 * * *",
      " 0 0 1 1 * ",
    ]) {
      expect(() => v.cron(ok)).not.toThrow();
    }
  });

  it("accepts durations as whole seconds or <n>s|m|h|d parts", () => {
    expect(v.delay(30, "delay")).toBe("30s");
    expect(v.delay("1d10h30m", "delay")).toBe("1d10h30m");
    expect(() => v.delay(1.5, "delay")).toThrow(ValidationError);
  });

  it("refuses a client without a token, naming the field", () => {
    const saved = process.env.QSTASH_TOKEN;
    delete process.env.QSTASH_TOKEN;
    try {
      expect(() => new Client({ baseUrl: "http://127.0.0.1:1" })).toThrow(/token/);
    } finally {
      if (saved !== undefined) process.env.QSTASH_TOKEN = saved;
    }
  });
});

describe("a token's surrounding whitespace", () => {
  it("is dropped (a token read from a file ends with a newline)", () => {
    expect(resolveClientCredentials({ token: " tok-9e1d\n", baseUrl: "http://127.0.0.1:1" }, {}).token).toBe(
      "tok-9e1d",
    );
    expect(
      resolveClientCredentials({ baseUrl: "http://127.0.0.1:1" }, { QSTASH_TOKEN: "tok-9e1d\r\n" }).token,
    ).toBe("tok-9e1d");
  });

  it("a line break inside is refused without echoing the token; whitespace alone is no token", () => {
    const inside = () =>
      resolveClientCredentials({ token: "tok-9e1d\nX: y", baseUrl: "http://127.0.0.1:1" }, {});
    expect(inside).toThrow(/^token: must not contain a line break/);
    expect(inside).not.toThrow(/tok-9e1d/);
    expect(() => resolveClientCredentials({ token: " \n", baseUrl: "http://127.0.0.1:1" }, {})).toThrow(
      /no QStash token/,
    );
  });
});

describe("path encoding", () => {
  it("encodes names as one segment and refuses . and ..", () => {
    expect(segment("a b/c?d", "x")).toBe("a%20b%2Fc%3Fd");
    expect(() => segment(".", "x")).toThrow(ValidationError);
    expect(() => segment("..", "x")).toThrow(ValidationError);
    expect(() => segment("", "x")).toThrow(ValidationError);
  });

  it("pastes a destination URL raw, keeping // and the query, like the official SDK", () => {
    expect(rawDestination("/v2/schedules", "https://h.test/a?x=1&y=2")).toBe(
      "/v2/schedules/https://h.test/a?x=1&y=2",
    );
    expect(rawDestination("/v2/publish", "grp")).toBe("/v2/publish/grp");
  });

  it("keeps .. inside a destination URL from climbing into the API path: it is refused before", async () => {
    const c = new Client({ token: "t", baseUrl: "http://127.0.0.1:1", retry: false });
    await expect(
      c.schedules.create({ destination: "http://h.test/../../../../v2/keys/rotate", cron: "* * * * *" }),
    ).rejects.toMatchObject({ field: "destination" });
    await c.close();
  });
});

describe("base URL and regions", () => {
  it("tolerates a trailing slash and a pasted /v2/publish", () => {
    expect(normaliseBaseUrl("https://qstash.upstash.io/")).toBe("https://qstash.upstash.io");
    expect(normaliseBaseUrl("https://qstash.upstash.io/v2/publish/")).toBe("https://qstash.upstash.io");
    expect(normaliseBaseUrl("http://127.0.0.1:8081/v2/publish")).toBe("http://127.0.0.1:8081");
  });

  it("maps regions to their hosts and falls back to QSTASH_URL", () => {
    expect(resolveClientCredentials({ region: "us-east-1", token: "t" }, {}).baseUrl).toBe(
      "https://qstash-us-east-1.upstash.io",
    );
    expect(resolveClientCredentials({ region: "eu-central-1", token: "t" }, {}).baseUrl).toBe(
      "https://qstash-eu-central-1.upstash.io",
    );
    const saved = process.env.QSTASH_URL;
    process.env.QSTASH_URL = "http://127.0.0.1:7/";
    try {
      expect(resolveClientCredentials({ token: "t" }).baseUrl).toBe("http://127.0.0.1:7");
      expect(new Client({ token: "t" }).baseUrl).toBe("http://127.0.0.1:7");
    } finally {
      if (saved === undefined) delete process.env.QSTASH_URL;
      else process.env.QSTASH_URL = saved;
    }
  });

  it("refuses a base URL without http(s)", () => {
    expect(() => new Client({ token: "t", baseUrl: "qstash.upstash.io" })).toThrow(ValidationError);
  });
});

describe("backoff", () => {
  const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };

  it("grows exponentially with equal jitter and is capped", () => {
    expect(backoffMs(1, p, () => 0)).toBe(50);
    expect(backoffMs(1, p, () => 1)).toBe(100);
    expect(backoffMs(3, p, () => 1)).toBe(400);
    expect(backoffMs(10, p, () => 1)).toBe(1000);
    expect(backoffMs(10, p, () => 0)).toBe(500);
  });

  it("prefers the server's wait and refuses one above the cap", () => {
    expect(nextDelayMs(1, p, 2000, () => 0)).toBe(2000);
    expect(nextDelayMs(1, { ...p, maxRetryAfterMs: 1000 }, 2000)).toBeUndefined();
  });

  it("reads Retry-After as seconds or a date, and Burst-RateLimit-Reset as unix seconds", () => {
    const now = 1_700_000_000_000;
    const h = (m: Record<string, string>) => (n: string) => m[n];
    expect(serverWaitMs(h({ "retry-after": "3" }), now)).toBe(3000);
    expect(serverWaitMs(h({ "retry-after": new Date(now + 5000).toUTCString() }), now)).toBe(5000);
    expect(serverWaitMs(h({ "burst-ratelimit-reset": String(now / 1000 + 2) }), now)).toBe(2000);
    expect(serverWaitMs(h({}), now)).toBeUndefined();
  });

  it("validates the retry options", () => {
    expect(resolveRetry(false).retries).toBe(0);
    expect(() => resolveRetry({ retries: -1 })).toThrow(ValidationError);
  });
});
