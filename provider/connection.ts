import type { Client } from "../sdk/client/index.js";
import { ValidationError } from "../sdk/errors.js";

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
 * `qstash:url` and `qstash:region`, falling back to `QSTASH_TOKEN`,
 * `QSTASH_URL` and `QSTASH_REGION` in the environment.
 */
export function connectionFrom(config: ConfigLike): Connection {
  const env = process.env;
  return {
    token: config.get("qstash:token") ?? env.QSTASH_TOKEN,
    url: config.get("qstash:url") ?? env.QSTASH_URL,
    region: config.get("qstash:region") ?? env.QSTASH_REGION,
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
 * A new client for a connection; refuses a missing token with the command
 * that sets one. The client (and undici) load on first use: `preview` of an
 * unchanged program never needs them.
 */
export async function newClient(c: Connection, options: { retries?: number } = {}): Promise<Client> {
  if (!c.token) {
    throw new ValidationError(
      "qstash:token",
      "no QStash token: run `pulumi config set --secret qstash:token <token>` or set QSTASH_TOKEN",
    );
  }
  const { Client } = await import("../sdk/client/index.js");
  return new Client({
    token: c.token,
    ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}),
    ...(c.url ? { baseUrl: c.url } : {}),
    ...(c.region && !c.url ? { region: c.region } : {}),
  } as ConstructorParameters<typeof Client>[0]);
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
