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
 * Called from the dynamic provider's `configure`: reads `qstash:token`,
 * `qstash:url` and `qstash:region`, falling back to `QSTASH_TOKEN`,
 * `QSTASH_URL` and `QSTASH_REGION` in the environment of `pulumi`.
 */
export function configureFrom(config: ConfigLike): void {
  const env = process.env;
  providerConfig = {
    token: config.get("qstash:token") ?? env.QSTASH_TOKEN,
    url: config.get("qstash:url") ?? env.QSTASH_URL,
    region: config.get("qstash:region") ?? env.QSTASH_REGION,
  };
}

/**
 * A client for the resource's connection override, or the provider's. Cached
 * per connection. The client (and undici) load on first use: `preview` of an
 * unchanged program never needs them.
 */
export async function clientFor(override?: Connection): Promise<Client> {
  const c: Connection = {
    token: override?.token ?? providerConfig.token,
    url: override?.url ?? (override?.region ? undefined : providerConfig.url),
    region: override?.region ?? providerConfig.region,
  };
  if (!c.token) {
    throw new ValidationError(
      "qstash:token",
      "no QStash token: run `pulumi config set --secret qstash:token <token>` or set QSTASH_TOKEN",
    );
  }
  const key = `${c.url ?? ""}\u0000${c.region ?? ""}\u0000${c.token}`;
  let client = clients.get(key);
  if (!client) {
    const { Client } = await import("../sdk/client/index.js");
    client = new Client({
      token: c.token,
      // A deployment is a batch job: wait out a bad minute rather than fail
      // the update. At 25% faulted calls, 6 attempts leave ~1e-4 of calls
      // failing (a 100-resource up then fails about one run in ten); 11 leave ~1e-7.
      retry: { retries: 10 },
      ...(c.url ? { baseUrl: c.url } : {}),
      ...(c.region && !c.url ? { region: c.region } : {}),
    } as ConstructorParameters<typeof Client>[0]);
    clients.set(key, client);
  }
  return client;
}
