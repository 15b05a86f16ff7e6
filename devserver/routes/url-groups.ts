import { type ApiContext, type ApiRequest, type ApiResult, empty, ok } from "../context.js";
import { badRequest, notFound, parseJson } from "../http-util.js";
import type { EndpointRecord, UrlGroupRecord } from "../records.js";
import type { Router } from "../router.js";
import { checkEndpointName, checkName, checkUrl } from "../validate.js";
import { urlGroupJson } from "../views.js";

/** `/v2/topics`: URL groups (the path keeps QStash's old name) and their endpoints. */
export function urlGroupRoutes(r: Router<ApiContext, ApiRequest, ApiResult>): void {
  r.add("GET", "/v2/topics", (ctx) => ok([...ctx.store.urlGroups.values()].map(urlGroupJson)));
  r.add("GET", "/v2/topics/:name", (ctx, _req, p) => ok(urlGroupJson(groupOf(ctx, p.name))));
  r.add("DELETE", "/v2/topics/:name", async (ctx, _req, p) => {
    // deleting a URL group that does not exist succeeds on QStash (ledger A2)
    if (ctx.store.urlGroups.delete(checkName("url group name", p.name))) await ctx.persist();
    return empty();
  });
  r.add("POST", "/v2/topics/:name/endpoints", addEndpoints);
  r.add("DELETE", "/v2/topics/:name/endpoints", removeEndpoints);
}

function groupOf(ctx: ApiContext, rawName: string): UrlGroupRecord {
  const name = checkName("url group name", rawName);
  const g = ctx.store.urlGroups.get(name);
  if (!g) throw notFound(`url group ${name} not found`);
  return g;
}

function endpointsOf(body: Buffer, what: string, requireUrl: boolean): EndpointRecord[] {
  const parsed = parseJson(body, what) as { endpoints?: unknown };
  if (typeof parsed !== "object" || parsed === null || !Array.isArray(parsed.endpoints)) {
    throw badRequest(`${what}: body must be {"endpoints":[{"url":"...","name":"..."}]}`);
  }
  if (parsed.endpoints.length === 0) throw badRequest(`${what}: endpoints must not be empty`);
  return parsed.endpoints.map((e: unknown, i: number) => {
    if (typeof e !== "object" || e === null) throw badRequest(`${what}: endpoints[${i}] must be an object`);
    const { url, name } = e as { url?: unknown; name?: unknown };
    const out: EndpointRecord = { url: "" };
    // an absent name may come as "" or null (other SDKs' shapes; ledger A3); any other string is a name (N2)
    if (name !== undefined && name !== null && name !== "")
      out.name = checkEndpointName(`endpoints[${i}].name`, name);
    if (url !== undefined && url !== null && url !== "") out.url = checkUrl(`endpoints[${i}].url`, url);
    else if (requireUrl) throw badRequest(`${what}: endpoints[${i}].url is required`);
    if (!out.url && !out.name) throw badRequest(`${what}: endpoints[${i}] needs a name or a url`);
    return out;
  });
}

async function addEndpoints(ctx: ApiContext, req: ApiRequest, p: Record<string, string>): Promise<ApiResult> {
  const { store } = ctx;
  const name = checkName("url group name", p.name);
  const now = ctx.clock.now();
  const incoming = endpointsOf(req.body, "add endpoints", true);
  const g = store.urlGroups.get(name);
  const list = g ? g.endpoints.map((e) => ({ ...e })) : [];
  for (const e of incoming) {
    const byName = e.name ? list.find((x) => x.name === e.name) : undefined;
    const byUrl = list.find((x) => x.url === e.url && (!x.name || !e.name || x.name === e.name));
    const hit = byName ?? byUrl;
    if (hit) {
      hit.url = e.url;
      if (e.name) hit.name = e.name;
    } else list.push(e);
  }
  store.urlGroups.set(name, { name, createdAt: g?.createdAt ?? now, updatedAt: now, endpoints: list });
  await ctx.persist();
  return empty();
}

async function removeEndpoints(
  ctx: ApiContext,
  req: ApiRequest,
  p: Record<string, string>,
): Promise<ApiResult> {
  const { store } = ctx;
  const name = checkName("url group name", p.name);
  const now = ctx.clock.now();
  const remove = endpointsOf(req.body, "remove endpoints", false);
  const g = store.urlGroups.get(name);
  if (!g) throw notFound(`url group ${name} not found`);
  const left = g.endpoints.filter(
    (x) =>
      !remove.some((r) => (r.name !== undefined && r.name === x.name) || (r.url !== "" && r.url === x.url)),
  );
  if (left.length === 0) store.urlGroups.delete(name);
  else store.urlGroups.set(name, { ...g, updatedAt: now, endpoints: left });
  await ctx.persist();
  return empty();
}
