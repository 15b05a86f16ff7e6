import { ValidationError } from "../../errors.js";
import {
  DEFAULT_BASE_URL,
  devModeOf,
  normaliseRegion,
  REGIONS,
  resolveCredentials,
} from "../../qstash-rules.js";

export { DEFAULT_BASE_URL };

/** The environment, where the runtime has one (Node, Bun, Deno with --allow-env); `{}` elsewhere. */
export function environment(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}

/**
 * Accept what users paste: trailing slashes, and the publish endpoint itself
 * (`…/v2/publish/`, qstash-js#226), which would otherwise turn every call
 * into "invalid destination url". The official SDK strips one trailing `/`
 * and maps the default host's publish URL; this also covers a devserver's.
 */
export function normaliseBaseUrl(raw: string, field = "baseUrl"): string {
  let s = raw.trim().replace(/\/+$/, "");
  s = s.replace(/\/v2\/publish$/i, "").replace(/\/v2$/i, "");
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new ValidationError(field, `"${raw}" is not a URL; expected e.g. ${DEFAULT_BASE_URL}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new ValidationError(field, `"${raw}" must start with http:// or https://`);
  }
  if (u.search || u.hash || u.username || u.password) {
    throw new ValidationError(field, "must not contain credentials, a query string or a fragment");
  }
  return s;
}

/** The base URL and token a client uses, resolved as the official SDK does (ledger R2). */
export interface Credentials {
  baseUrl: string;
  token: string;
}

/**
 * Resolve `{ baseUrl, token, region }` options against the environment the
 * way the official SDK does (ledger R2): explicit base URL and token, then
 * `QSTASH_REGION` (either spelling) with `<REGION>_QSTASH_URL` and
 * `<REGION>_QSTASH_TOKEN`, then `QSTASH_URL` / `QSTASH_TOKEN` and the
 * default host. A missing token is refused naming what to set.
 */
export function resolveClientCredentials(
  options: {
    baseUrl?: string | undefined;
    token?: string | undefined;
    region?: string | undefined;
    devMode?: boolean | undefined;
  },
  env: Record<string, string | undefined> = environment(),
): Credentials {
  if (devModeOf(options.devMode, env) === undefined) {
    throw new ValidationError(
      "QSTASH_DEV",
      `expected true, 1, false or 0, got ${JSON.stringify(env.QSTASH_DEV)}`,
    );
  }
  if (options.region !== undefined && normaliseRegion(options.region) === undefined) {
    throw new ValidationError(
      "region",
      `expected one of ${REGIONS.join(", ")} (or ${REGIONS.map((r) => r.toLowerCase().replaceAll("_", "-")).join(", ")}), got ${JSON.stringify(options.region)}`,
    );
  }
  const c = resolveCredentials(options, env);
  const fromEnvUrl = options.baseUrl === undefined && c.baseUrl !== options.baseUrl;
  const baseUrl = normaliseBaseUrl(c.baseUrl, fromEnvUrl && c.region ? `${c.region}_QSTASH_URL` : "baseUrl");
  return { baseUrl, token: checkToken(c.token) };
}

/**
 * The token as sent: surrounding whitespace dropped (a token read from a
 * file ends with a newline), a line break inside refused. Neither message
 * echoes the token.
 */
function checkToken(t: string | undefined): string {
  const token = t?.trim();
  if (!token) {
    throw new ValidationError(
      "token",
      "no QStash token: pass { token }, or set QSTASH_TOKEN, or QSTASH_REGION with <REGION>_QSTASH_URL and <REGION>_QSTASH_TOKEN",
    );
  }
  if (/[\r\n]/.test(token)) {
    throw new ValidationError(
      "token",
      "must not contain a line break (only surrounding whitespace is ignored)",
    );
  }
  return token;
}
