import { randomId } from "../../sdk/receiver/sign.js";
import { type ApiContext, type ApiRequest, type ApiResult, ok } from "../context.js";
import type { Router } from "../router.js";

/** Signing keys: get, and rotate (`/v2/keys/rotate`, and `/v2/rotate` as the Go SDK calls it). */
export function keyRoutes(r: Router<ApiContext, ApiRequest, ApiResult>): void {
  r.add("GET", "/v2/keys", (ctx) => ok({ ...ctx.store.keys }));
  r.add("POST", "/v2/keys/rotate", rotate);
  r.add("POST", "/v2/rotate", rotate);
}

async function rotate(ctx: ApiContext): Promise<ApiResult> {
  ctx.store.keys = { current: ctx.store.keys.next, next: randomId("sig_") };
  await ctx.persist();
  return ok({ ...ctx.store.keys });
}
