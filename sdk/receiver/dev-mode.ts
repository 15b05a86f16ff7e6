/**
 * Dev mode for the receiver (ledger R3), as the official SDK has it: with
 * `devMode: true`, or else `QSTASH_DEV` set to `true` or `1`, deliveries are
 * verified with the dev server's fixed public keys and any configured keys
 * are ignored, so a handler verifies what the local dev server (ours or the
 * official one) sends without being given keys.
 * @module
 */
import { DEV_MODE_SIGNING_KEYS, devModeOf } from "../qstash-rules.js";
import { fromEnv } from "./env.js";
import { fail } from "./fail.js";

/**
 * The dev server's keys when dev mode is on, else `undefined`. `QSTASH_DEV`
 * is read only when no `devMode` option decides: adapters run this for every
 * delivery.
 *
 * @param devMode the caller's `devMode` option.
 * @param env the platform's env object, read before `process.env`.
 */
export function devModeKeys(
  devMode: boolean | undefined,
  env: Record<string, unknown> | undefined,
): { current: string; next: string } | undefined {
  const on = devModeOf(devMode, devMode === undefined ? { QSTASH_DEV: fromEnv(env, "QSTASH_DEV") } : {});
  if (on === undefined) {
    fail("MISSING_KEYS", "QSTASH_DEV must be true, 1, false or 0.");
  }
  return on ? DEV_MODE_SIGNING_KEYS : undefined;
}
