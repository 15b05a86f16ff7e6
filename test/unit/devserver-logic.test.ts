// Pure logic of the devserver: cron/duration/header parsing, the retry-delay expression
// parser, Retry-After parsing, seeded faults, request-target splitting and atomic writes.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../devserver/delivery.js";
import { Faults, mulberry32 } from "../../devserver/faults.js";
import { Persister, writeFileAtomic } from "../../devserver/persist.js";
import { redactPath } from "../../devserver/request-log.js";
import { splitTarget } from "../../devserver/server.js";
import {
  canonicalHeaderKey,
  compileRetryDelay,
  nextCronTime,
  parseCron,
  parseDuration,
} from "../../devserver/validate.js";

describe("cron", () => {
  it("accepts 5 fields with an optional CRON_TZ prefix and computes the next time in that zone", () => {
    const utc = parseCron("0 4 * * *");
    expect(new Date(nextCronTime(utc.cron, Date.UTC(2026, 0, 1, 5))!).toISOString()).toBe(
      "2026-01-02T04:00:00.000Z",
    );
    const ny = parseCron("CRON_TZ=America/New_York 0 4 * * *");
    expect(ny.timezone).toBe("America/New_York");
    expect(new Date(nextCronTime(ny.cron, Date.UTC(2026, 0, 1, 5))!).toISOString()).toBe(
      "2026-01-01T09:00:00.000Z",
    );
  });
  it.each([
    ["", /empty spec string/],
    ["* * * *", /5 fields/],
    ["* * * * * *", /5 fields/],
    ["61 * * * *", /minute/],
    ["CRON_TZ=Nowhere/Land * * * * *", /time zone/],
  ])("rejects %j", (expr, re) => {
    expect(() => parseCron(expr)).toThrow(re);
  });
});

describe("durations, headers, expressions", () => {
  it("parses Go-style durations with days into seconds", () => {
    expect(parseDuration("d", "50s")).toBe(50);
    expect(parseDuration("d", "1d10h30m")).toBe(86400 + 36000 + 1800);
    expect(parseDuration("d", "1500ms")).toBe(1.5);
    expect(() => parseDuration("Upstash-Delay", "10")).toThrow(/Upstash-Delay/);
    expect(() => parseDuration("Upstash-Delay", "-1s")).toThrow();
  });
  it("canonicalises header keys like Go", () => {
    expect(canonicalHeaderKey("bypass-tunnel-reminder")).toBe("Bypass-Tunnel-Reminder");
    expect(canonicalHeaderKey("CONTENT-TYPE")).toBe("Content-Type");
  });
  it("evaluates retry-delay expressions without eval and rejects anything else", () => {
    expect(compileRetryDelay("pow(2, retried) * 1000")(3)).toBe(8000);
    expect(compileRetryDelay("max(100, retried * 50) + 1")(4)).toBe(201);
    expect(compileRetryDelay("1000")(9)).toBe(1000);
    expect(() => compileRetryDelay("process.exit()")).toThrow(/retry delay/);
    expect(() => compileRetryDelay("pow(2,")).toThrow(/retry delay/);
  });
  it("reads Retry-After as seconds, a Go duration or an HTTP date, capped at a day", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter("6m5s", 0)).toBe(365_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10_000);
    expect(parseRetryAfter("999999", 0)).toBe(86_400_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });
});

describe("request targets and the log", () => {
  it("keeps // and the query, removes only qstash_token", () => {
    expect(splitTarget("/v2/publish/http://h:1//a?x=1&qstash_token=t%2B1&y=2")).toEqual({
      path: "/v2/publish/http://h:1//a",
      query: "x=1&y=2",
      token: "t+1",
    });
  });
  it("drops the query and masks credentials in logged paths", () => {
    expect(redactPath("/v2/publish/https://u:p@h/x?qstash_token=secret")).toBe("/v2/publish/https://***@h/x");
  });
});

describe("faults", () => {
  it("mulberry32 is deterministic per seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
  it("matches routes by method and prefix, honours times, and rejects bad config", () => {
    const f = new Faults({ rules: [{ route: "POST /v2/schedules", kind: "500", times: 2 }] });
    expect(f.decide("GET", "/v2/schedules").kind).toBeUndefined();
    expect(f.decide("POST", "/v2/schedules/http://x").kind).toBe("500");
    expect(f.decide("POST", "/v2/schedules/http://x").kind).toBe("500");
    expect(f.decide("POST", "/v2/schedules/http://x").kind).toBeUndefined();
    expect(() => f.set({ rules: [{ kind: "nope" as "500" }] })).toThrow(/unknown fault kind/);
    expect(() => f.set({ rules: [{ kind: "500", probability: 2 }] })).toThrow(/probability/);
  });
  it("the rate limit counts per second", () => {
    const f = new Faults({ rateLimitPerSecond: 2 });
    expect(f.rateLimit(1_000)).toBeUndefined();
    expect(f.rateLimit(1_100)).toBeUndefined();
    expect(f.rateLimit(1_200)?.["Burst-RateLimit-Remaining"]).toBe("0");
    expect(f.rateLimit(2_000)).toBeUndefined();
  });
});

describe("persistence", () => {
  it("writes atomically and coalesces concurrent saves, each resolving after its data is on disk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qstash-persist-"));
    const file = join(dir, "s.json");
    await writeFileAtomic(file, "one");
    expect(readFileSync(file, "utf8")).toBe("one");
    let n = 0;
    let snapshots = 0;
    const p = new Persister(file, () => {
      snapshots++;
      return String(n);
    });
    const saves = [];
    for (let i = 1; i <= 20; i++) {
      n = i;
      saves.push(p.save().then(() => Number(readFileSync(file, "utf8"))));
    }
    const seen = await Promise.all(saves);
    for (const [i, v] of seen.entries()) expect(v).toBeGreaterThanOrEqual(i + 1);
    expect(snapshots).toBeLessThan(20);
    expect(readdirSync(dir)).toEqual(["s.json"]);
  });
});
