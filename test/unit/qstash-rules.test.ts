// One test per entry of docs/qstash-behaviour.md that is a pure rule: each
// exercises the shared module and the client/provider checks built on it.
import { describe, expect, it } from "vitest";
import { resolveClientCredentials } from "../../sdk/client/internal/config.js";
import { forwardHeaders, messageHeaders } from "../../sdk/client/internal/headers.js";
import { rawDestination } from "../../sdk/client/internal/path.js";
import * as v from "../../sdk/client/internal/validate.js";
import { ValidationError } from "../../sdk/errors.js";
import {
  canonicalHeaderName,
  DEV_MODE_TOKEN,
  isEndpointName,
  isHttpUrl,
  isLabel,
  isPropertyHeader,
  isRedacted,
  isResourceName,
  normaliseRegion,
  resolveCredentials,
} from "../../sdk/qstash-rules.js";

function fieldOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e.field;
    throw e;
  }
  return undefined;
}

describe("N1: URL-group, queue and schedule names", () => {
  it("accepts letters, digits, . _ - at any length and nothing else", () => {
    expect(isResourceName("orders.v2_eu-1")).toBe(true);
    expect(isResourceName("a".repeat(1000))).toBe(true);
    for (const bad of ["my queue", "a/b", "grüppe", "a,b", ""]) expect(isResourceName(bad)).toBe(false);
    expect(fieldOf(() => v.name("my queue", "queueName"))).toBe("queueName");
  });
});

describe("N2: endpoint names", () => {
  it("accepts any non-empty string, spaces included", () => {
    expect(isEndpointName("First endpoint")).toBe(true);
    expect(v.endpointName("First endpoint", "endpoints[0].name")).toBe("First endpoint");
    expect(isEndpointName("")).toBe(false);
    expect(fieldOf(() => v.endpointName("", "endpoints[0].name"))).toBe("endpoints[0].name");
  });
});

describe("N3: labels", () => {
  it("accepts any label without a comma", () => {
    expect(isLabel("not ok")).toBe(true);
    expect(isLabel("nightly-2026")).toBe(true);
    expect(isLabel("a,b")).toBe(false);
    expect(isLabel(" ")).toBe(false);
  });
});

describe("H1: forwarded headers", () => {
  it("forwards everything but Content-Type and Upstash-*, Authorization included", () => {
    expect(isPropertyHeader("Authorization")).toBe(false);
    expect(isPropertyHeader("content-type")).toBe(true);
    expect(isPropertyHeader("Upstash-Retries")).toBe(true);
    expect(
      forwardHeaders({ Authorization: "Bearer t", "Content-Type": "text/plain", "Upstash-Delay": "5s" }),
    ).toEqual({
      "upstash-forward-authorization": "Bearer t",
      "content-type": "text/plain",
      "upstash-delay": "5s",
    });
  });
});

describe("H2: callback headers and settings", () => {
  it("sends callback headers under their own prefixes, with the callbacks' settings", () => {
    const h = messageHeaders(
      {
        callback: "http://127.0.0.1:9/cb",
        callbackHeaders: { Authorization: "Bearer cb" },
        failureCallbackHeaders: { "X-Key": "k" },
        callbackMethod: "PUT",
        callbackTimeout: 30,
        callbackRetries: 2,
        callbackRetryDelay: "1000",
        failureCallbackMethod: "POST",
        failureCallbackTimeout: "1m",
        failureCallbackRetries: 0,
        failureCallbackRetryDelay: "pow(2, retried) * 1000",
      },
      "schedule",
    );
    expect(h).toMatchObject({
      "upstash-callback-forward-authorization": "Bearer cb",
      "upstash-failure-callback-forward-x-key": "k",
      "upstash-callback-method": "PUT",
      "upstash-callback-timeout": "30s",
      "upstash-callback-retries": "2",
      "upstash-callback-retry-delay": "1000",
      "upstash-failure-callback-method": "POST",
      "upstash-failure-callback-timeout": "1m",
      "upstash-failure-callback-retries": "0",
      "upstash-failure-callback-retry-delay": "pow(2, retried) * 1000",
    });
    expect(fieldOf(() => messageHeaders({ callbackMethod: "HEAD" as never }, "schedule"))).toBe(
      "callbackMethod",
    );
  });
});

describe("H3: canonical header names", () => {
  it("matches Go's canonical form", () => {
    expect(canonicalHeaderName("x-api-key")).toBe("X-Api-Key");
    expect(canonicalHeaderName("AUTHORIZATION")).toBe("Authorization");
  });
});

describe("U1: URLs exactly as written", () => {
  it("keeps a bare origin, host case and default port, and pastes them verbatim", () => {
    for (const u of ["https://api.acme.test", "https://API.acme.test:443/x?q=1&r=2", "http://127.0.0.1:80"]) {
      expect(isHttpUrl(u)).toBe(true);
      expect(v.httpUrl(u, "url")).toBe(u);
    }
    expect(rawDestination("/v2/schedules", "https://api.acme.test")).toBe(
      "/v2/schedules/https://api.acme.test",
    );
    expect(rawDestination("/v2/publish", "https://API.acme.test:443/x?q=1")).toBe(
      "/v2/publish/https://API.acme.test:443/x?q=1",
    );
  });

  it("refuses what a URL parser would rewrite, naming the property", () => {
    for (const bad of [
      "https://h.test/a#frag",
      "https://h.test/a b",
      "https://h.test/ä",
      "https://h.test/a/../b",
      "https://h.test/./b",
      "ftp://h.test/",
      "h.test/x",
    ]) {
      expect(
        fieldOf(() => v.httpUrl(bad, "callback")),
        bad,
      ).toBe("callback");
    }
  });
});

describe("R1: regions", () => {
  it("normalises either spelling and rejects the rest", () => {
    expect(normaliseRegion("us-east-1")).toBe("US_EAST_1");
    expect(normaliseRegion("US_EAST_1")).toBe("US_EAST_1");
    expect(normaliseRegion("eu-central-1")).toBe("EU_CENTRAL_1");
    expect(normaliseRegion("mars-1")).toBeUndefined();
    expect(normaliseRegion(undefined)).toBeUndefined();
  });
});

describe("R2: credentials as the official SDK resolves them", () => {
  const regionEnv = {
    QSTASH_REGION: "us-east-1",
    US_EAST_1_QSTASH_URL: "http://127.0.0.1:7001",
    US_EAST_1_QSTASH_TOKEN: "tok-us",
    QSTASH_URL: "http://127.0.0.1:7000",
    QSTASH_TOKEN: "tok-default",
  };

  it("explicit base URL and token win over everything", () => {
    expect(resolveCredentials({ baseUrl: "http://127.0.0.1:1", token: "t" }, regionEnv)).toMatchObject({
      baseUrl: "http://127.0.0.1:1",
      token: "t",
    });
  });

  it("QSTASH_REGION (either spelling) selects <REGION>_QSTASH_URL and _TOKEN", () => {
    for (const region of ["us-east-1", "US_EAST_1"]) {
      expect(resolveClientCredentials({}, { ...regionEnv, QSTASH_REGION: region })).toEqual({
        baseUrl: "http://127.0.0.1:7001",
        token: "tok-us",
      });
    }
    // without QSTASH_TOKEN at all (the case that used to end in "no QStash token")
    const { QSTASH_TOKEN: _t, QSTASH_URL: _u, ...onlyRegion } = regionEnv;
    expect(resolveClientCredentials({}, onlyRegion)).toEqual({
      baseUrl: "http://127.0.0.1:7001",
      token: "tok-us",
    });
  });

  it("falls back to QSTASH_URL / QSTASH_TOKEN when a region variable is missing", () => {
    const { US_EAST_1_QSTASH_TOKEN: _x, ...partial } = regionEnv;
    expect(resolveClientCredentials({}, partial)).toEqual({
      baseUrl: "http://127.0.0.1:7000",
      token: "tok-default",
    });
    expect(resolveClientCredentials({}, { QSTASH_TOKEN: "t" }).baseUrl).toBe("https://qstash.upstash.io");
  });

  it("an explicit region picks its variables, else its host", () => {
    const { QSTASH_REGION: _r, ...noRegion } = regionEnv;
    expect(resolveClientCredentials({ region: "US_EAST_1" }, noRegion).token).toBe("tok-us");
    expect(resolveClientCredentials({ region: "us-east-1", token: "t" }, {}).baseUrl).toBe(
      "https://qstash-us-east-1.upstash.io",
    );
    expect(fieldOf(() => resolveClientCredentials({ region: "mars-1", token: "t" }, {}))).toBe("region");
  });

  it("a missing token names every way to set one", () => {
    expect(() => resolveClientCredentials({}, {})).toThrow(/QSTASH_TOKEN.*<REGION>_QSTASH_TOKEN/);
  });
});

describe("R3: dev mode", () => {
  it("QSTASH_DEV=true|1 (or devMode) means the local dev server with its fixed token, over everything", () => {
    const env = {
      QSTASH_DEV: "1",
      QSTASH_DEV_PORT: "8181",
      QSTASH_TOKEN: "t",
      QSTASH_URL: "http://127.0.0.1:1",
    };
    expect(resolveClientCredentials({ baseUrl: "http://127.0.0.1:2", token: "x" }, env)).toEqual({
      baseUrl: "http://127.0.0.1:8181",
      token: DEV_MODE_TOKEN,
    });
    expect(resolveClientCredentials({ devMode: true }, {}).baseUrl).toBe("http://127.0.0.1:8080");
    expect(resolveClientCredentials({ devMode: false, token: "x" }, { QSTASH_DEV: "true" }).token).toBe("x");
    expect(resolveClientCredentials({ token: "x" }, { QSTASH_DEV: "false" }).token).toBe("x");
    expect(fieldOf(() => resolveClientCredentials({ token: "x" }, { QSTASH_DEV: "yes" }))).toBe("QSTASH_DEV");
  });
});

describe("X1: redacted values", () => {
  it("recognises QStash's REDACTED:<sha256> stand-in by its prefix", () => {
    expect(isRedacted(`REDACTED:${"a".repeat(64)}`)).toBe(true);
    expect(isRedacted("Bearer x")).toBe(false);
    expect(isRedacted(undefined)).toBe(false);
  });
});

describe("F1: flow control", () => {
  it("accepts the deprecated ratePerSecond as rate", () => {
    expect(messageHeaders({ flowControl: { key: "k", ratePerSecond: 5 } }, "schedule")).toMatchObject({
      "upstash-flow-control-key": "k",
      "upstash-flow-control-value": "rate=5",
    });
    expect(fieldOf(() => messageHeaders({ flowControl: { key: "k", ratePerSecond: 0 } }, "schedule"))).toBe(
      "flowControl.ratePerSecond",
    );
  });
});
