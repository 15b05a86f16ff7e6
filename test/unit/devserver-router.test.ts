// The devserver's one routing style: a table matched in order on the raw path.
import { describe, expect, it } from "vitest";
import { HttpError } from "../../devserver/http-util.js";
import { Router } from "../../devserver/router.js";

type Req = { method: string; path: string };
const r = new Router<null, Req, string>()
  .add("GET", "/v2/things", () => "list")
  .add(["PATCH", "POST"], "/v2/things/:id/pause", (_c, _r, p) => `pause ${p.id}`)
  .add("POST", "/v2/things/*dest", (_c, _r, p) => `create ${p.dest}`)
  .add("GET", "/v2/things/:id", (_c, _r, p) => `get ${p.id}`);
const call = (method: string, path: string) => r.handle(null, { method, path });

describe("router", () => {
  it("matches in order: a one-segment parameter is decoded, a tail keeps the raw rest", async () => {
    expect(await call("GET", "/v2/things/a%2Eb")).toBe("get a.b");
    expect(await call("PATCH", "/v2/things/x/pause")).toBe("pause x");
    expect(await call("POST", "/v2/things/x/pause")).toBe("pause x");
    expect(await call("POST", "/v2/things/https://h/p%20q//r")).toBe("create https://h/p%20q//r");
    expect(await call("POST", "/v2/things")).toBe("create ");
  });

  it("a trailing slash is the same path; an empty segment never fills a parameter", async () => {
    expect(await call("GET", "/v2/things/")).toBe("list");
    expect(await call("GET", "/v2/things/x/")).toBe("get x");
  });

  it("answers 405 for a known path with another method and 404 for an unknown path", async () => {
    await expect(call("DELETE", "/v2/things/x")).rejects.toMatchObject({ status: 405 });
    await expect(call("GET", "/v2/other")).rejects.toMatchObject({ status: 404 });
    await expect(call("GET", "/v2/things/x/y")).rejects.toBeInstanceOf(HttpError);
  });

  it("refuses a broken percent-escape with a 400 naming the parameter", async () => {
    await expect(call("GET", "/v2/things/%E0%A4%A")).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/id/),
    });
  });
});
