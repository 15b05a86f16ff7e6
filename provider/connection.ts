import type { Client, Region } from "../sdk/client/index.js";
import { normaliseBaseUrl } from "../sdk/client/internal/index.js";
import { ValidationError } from "../sdk/errors.js";
import { normaliseRegion, REGIONS, resolveCredentials } from "../sdk/qstash-rules.js";

/** How to reach QStash: the provider's configuration or a resource's override. */
export interface Connection {
  token?: string | undefined;
  /** Base URL, e.g. `http://127.0.0.1:8080` for the devserver. */
  url?: string | undefined;
  /** `eu-central-1` or `us-east-1`. */
  region?: string | undefined;
}

interface ConfigLike {
  get(key: string): string | undefined;
}

let providerConfig: Connection = {};
const clients = new Map<string, Client>();

/**
 * The connection a stack's configuration describes: `qstash:token`,
 * `qstash:url` and `qstash:region`. What they leave open is resolved from
 * the environment when the client is built, exactly as the official SDK
 * does (ledger R2): `QSTASH_REGION` (either spelling) with
 * `<REGION>_QSTASH_URL` / `<REGION>_QSTASH_TOKEN`, then `QSTASH_URL` /
 * `QSTASH_TOKEN`. An unknown `qstash:region` is refused here, before any
 * request, even where `qstash:url` makes the client ignore it: it is a
 * mistake either way.
 */
export function connectionFrom(config: ConfigLike): Connection {
  const region = config.get("qstash:region");
  if (region !== undefined && normaliseRegion(region) === undefined) {
    const spellings = REGIONS.map((r) => `${r.toLowerCase().replaceAll("_", "-")} (${r})`).join(", ");
    throw new ValidationError("qstash:region", `expected one of ${spellings}, got ${JSON.stringify(region)}`);
  }
  return {
    // a token pasted from a file ends with a newline: not part of it
    token: config.get("qstash:token")?.trim() || undefined,
    url: config.get("qstash:url"),
    region: config.get("qstash:region"),
  };
}

/** Called from the dynamic provider's `configure`. */
export function configureFrom(config: ConfigLike): void {
  providerConfig = connectionFrom(config);
}

/** A per-resource override on top of a base connection; a region override drops the base URL. */
export function overlay(override: Connection | undefined, base: Connection): Connection {
  return {
    token: override?.token ?? base.token,
    url: override?.url ?? (override?.region ? undefined : base.url),
    region: override?.region ?? base.region,
  };
}

/**
 * Where a resource's QStash is: the base URL its client talks to, with the
 * override laid over the provider's configuration and the rest resolved
 * from the environment exactly as the client resolves it (ledger R2), so
 * two connections spelt differently but reaching the same QStash compare
 * equal. Makes no request: `diff` uses it.
 */
export function locationOf(override: Connection | undefined): string {
  const c = overlay(override, providerConfig);
  const { baseUrl } = resolveCredentials(
    { baseUrl: c.url, token: c.token, ...(c.url ? {} : { region: c.region }) },
    process.env,
  );
  try {
    const u = new URL(normaliseBaseUrl(baseUrl));
    return `${u.origin}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return baseUrl; // an invalid URL fails where the client is built; here it is only compared
  }
}

/**
 * A new client for a connection; refuses a missing token with the command
 * that sets one (`setToken`: how the caller takes a token, the stack's
 * configuration by default). The client (and undici) load on first use:
 * `preview` of an unchanged program never needs them.
 */
export async function newClient(
  c: Connection,
  options: { retries?: number; setToken?: string; field?: string } = {},
): Promise<Client> {
  const { Client } = await import("../sdk/client/index.js");
  try {
    return new Client({
      ...(c.token ? { token: c.token } : {}),
      ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}),
      ...(c.url ? { baseUrl: c.url } : {}),
      ...(c.region && !c.url ? { region: c.region as Region } : {}),
    });
  } catch (e) {
    // only a token that is missing is "no token"; any other refusal (a line break inside) stands
    if (e instanceof ValidationError && e.field === "token" && !hasToken(c)) {
      throw new ValidationError(
        options.field ?? "qstash:token",
        `no QStash token: ${options.setToken ?? "run `pulumi config set --secret qstash:token <token>`"}, or set QSTASH_TOKEN, ` +
          "or QSTASH_REGION with <REGION>_QSTASH_URL and <REGION>_QSTASH_TOKEN",
      );
    }
    throw e;
  }
}

/** Whether the connection, with the environment's fallbacks, has a token at all. */
function hasToken(c: Connection): boolean {
  const { token } = resolveCredentials(
    { baseUrl: c.url, token: c.token, ...(c.url ? {} : { region: c.region }) },
    process.env,
  );
  return Boolean(token?.trim());
}

/** A client for the resource's connection override, or the provider's. Cached per connection. */
export async function clientFor(override?: Connection): Promise<Client> {
  const c = overlay(override, providerConfig);
  const key = `${c.url ?? ""}\u0000${c.region ?? ""}\u0000${c.token ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    // A deployment is a batch job: wait out a bad minute rather than fail
    // the update. At 25% faulted calls, 6 attempts leave ~1e-4 of calls
    // failing (a 100-resource up then fails about one run in ten); 11 leave ~1e-7.
    client = await newClient(c, { retries: 10 });
    clients.set(key, client);
  }
  return client;
}
