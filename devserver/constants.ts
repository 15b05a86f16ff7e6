import { DEV_MODE_SIGNING_KEYS, DEV_MODE_TOKEN } from "../sdk/qstash-rules.js";

/**
 * The official QStash dev server's well-known credentials. The `@upstash/qstash`
 * SDK in dev mode (`QSTASH_DEV=true`) talks to `http://127.0.0.1:8080` with this
 * token and only adopts a server whose `GET /v2/keys` returns these two keys.
 *
 * @example
 * ```ts
 * import { DEV_TOKEN } from "pulumi-qstash/devserver";
 * new Client({ baseUrl: "http://127.0.0.1:8080", token: DEV_TOKEN });
 * ```
 */
export const DEV_TOKEN = DEV_MODE_TOKEN;
/** The dev server's current signing key (see {@link DEV_TOKEN}). */
export const DEV_CURRENT_SIGNING_KEY = DEV_MODE_SIGNING_KEYS.current;
/** The dev server's next signing key (see {@link DEV_TOKEN}). */
export const DEV_NEXT_SIGNING_KEY = DEV_MODE_SIGNING_KEYS.next;
/** Where the SDK's dev mode looks (`QSTASH_DEV_PORT` defaults to 8080). */
export const DEFAULT_PORT = 8080;
/** Loopback only unless the caller asks otherwise. */
export const DEFAULT_HOST = "127.0.0.1";
