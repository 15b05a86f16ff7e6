// The devserver's one routing style: a table matched in order on the raw path.
import { describe, expect, expectTypeOf, it } from "vitest";
import { HttpError } from "../../devserver/http-util.js";
import { type ParamsOf, Router } from "../../devserver/router.js";

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

describe("route parameters are typed from the pattern", () => {
  it("a handler gets exactly the pattern's :name and *name parameters, each a string", async () => {
    expectTypeOf<ParamsOf<"/v2/queues/:name">>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<ParamsOf<"/v2/topics/:topic/endpoints/*rest">>().toEqualTypeOf<{
      topic: string;
      rest: string;
    }>();
    expectTypeOf<ParamsOf<"/v2/dlq">>().toEqualTypeOf<Record<never, string>>();
    const r = new Router<undefined, { method: string; path: string }, string>();
    r.add("GET", "/a/:id/*tail", (_c, _r, p) => {
      expectTypeOf(p).toEqualTypeOf<{ id: string; tail: string }>();
      return `${p.id}|${p.tail}`;
    });
    expect(await r.handle(undefined, { method: "GET", path: "/a/x%20y/b//c" })).toBe("x y|b//c");
  });
});
