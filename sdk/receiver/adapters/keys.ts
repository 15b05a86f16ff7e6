/**
 * Where adapters find signing keys, resolved as the official SDK's receiver
 * resolves them (docs/qstash-behaviour.md, "Receiver"): in dev mode (the
 * `devMode` option, else `QSTASH_DEV`) the dev server's keys; explicit options,
 * then, when `QSTASH_REGION` is set, the keys of the region named by the
 * delivery's `Upstash-Region` header (`<REGION>_QSTASH_CURRENT_SIGNING_KEY` /
 * `<REGION>_QSTASH_NEXT_SIGNING_KEY`, both required), then the plain
 * `QSTASH_CURRENT_SIGNING_KEY` / `QSTASH_NEXT_SIGNING_KEY`. Variables come
 * from the platform's env object (Cloudflare bindings, Hono `c.env`), then
 * `process.env`. Environment variables are read here and only here.
 * @module
 */
import { normaliseRegion } from "../../qstash-rules.js";
import { devModeKeys } from "../dev-mode.js";
import { fromEnv } from "../env.js";

// R1 of the ledger, shared with the client and the provider: a leaf module of
// plain rules with no imports, like ../../errors.ts, so the receiver stays
// dependency-free and edge-safe.
export { normaliseRegion };

/** The two keys an adapter verifies with; either may be missing (the Receiver then says so). */
export interface SigningKeys {
  current: string | undefined;
  next: string | undefined;
}

const given = (v: string | undefined) => (v === "" ? undefined : v);

/**
 * The keys for one delivery.
 *
 * @param explicit keys passed in the adapter's options; they win when given.
 * @param env the platform's env object, read before `process.env`.
 * @param regionHeader the delivery's `Upstash-Region` header.
 */
export function resolveSigningKeys(
  explicit: {
    currentSigningKey?: string | undefined;
    nextSigningKey?: string | undefined;
    devMode?: boolean | undefined;
  },
  env: Record<string, unknown> | undefined,
  regionHeader: string | undefined,
): SigningKeys {
  // Every delivery runs this, so the variables are read only when they decide something.
  const dev = devModeKeys(explicit.devMode, env);
  if (dev !== undefined) return dev;
  const current = given(explicit.currentSigningKey);
  const next = given(explicit.nextSigningKey);
  // A delivery without a (known) region header falls back to the plain keys
  // whatever QSTASH_REGION says, so the region variable is read only when needed.
  const region = current === undefined && next === undefined ? normaliseRegion(regionHeader) : undefined;
  if (region !== undefined && normaliseRegion(fromEnv(env, "QSTASH_REGION"))) {
    const regional = {
      current: fromEnv(env, `${region}_QSTASH_CURRENT_SIGNING_KEY`),
      next: fromEnv(env, `${region}_QSTASH_NEXT_SIGNING_KEY`),
    };
    if (regional.current && regional.next) return regional;
  }
  return {
    current: current ?? fromEnv(env, "QSTASH_CURRENT_SIGNING_KEY"),
    next: next ?? fromEnv(env, "QSTASH_NEXT_SIGNING_KEY"),
  };
}
