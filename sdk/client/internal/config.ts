import { ValidationError } from "../../errors.js";
import type { Region } from "../types.js";

export const DEFAULT_BASE_URL = "https://qstash.upstash.io";

const REGION_HOSTS: Record<Region, string> = {
  "eu-central-1": "https://qstash-eu-central-1.upstash.io",
  "us-east-1": "https://qstash-us-east-1.upstash.io",
};

function env(name: string): string | undefined {
  const v = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return v === undefined || v === "" ? undefined : v;
}

/**
 * Accept what users paste: trailing slashes, and the publish endpoint itself
 * (`…/v2/publish/`, qstash-js#226), which would otherwise turn every call
 * into "invalid destination url".
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

/** baseUrl: explicit option, then `region`, then `QSTASH_URL`, then the default (EU) host. */
export function resolveBaseUrl(baseUrl: string | undefined, region: Region | undefined): string {
  if (baseUrl !== undefined) return normaliseBaseUrl(baseUrl);
  if (region !== undefined) {
    const host = REGION_HOSTS[region];
    if (host === undefined)
      throw new ValidationError("region", `expected one of ${Object.keys(REGION_HOSTS).join(", ")}`);
    return host;
  }
  const fromEnv = env("QSTASH_URL");
  if (fromEnv !== undefined) return normaliseBaseUrl(fromEnv, "QSTASH_URL");
  return DEFAULT_BASE_URL;
}

/** token: explicit option, then `QSTASH_TOKEN`; refused when neither is set. */
export function resolveToken(token: string | undefined): string {
  const t = token ?? env("QSTASH_TOKEN");
  if (t === undefined || t.trim() === "") {
    throw new ValidationError("token", "no QStash token: pass { token } or set QSTASH_TOKEN");
  }
  if (/[\r\n]/.test(t)) throw new ValidationError("token", "must not contain line breaks");
  return t.trim();
}
