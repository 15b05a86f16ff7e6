/**
 * Dev mode for the receiver (ledger R3), as the official SDK has it: with
 * `devMode: true`, or else `QSTASH_DEV` set to `true` or `1`, deliveries are
 * verified with the dev server's fixed public keys and any configured keys
 * are ignored, so a handler verifies what the local dev server (ours or the
 * official one) sends without being given keys.
 * @module
 */
import { DEV_MODE_SIGNING_KEYS, devModeOf } from "../qstash-rules.js";
import { fail } from "./fail.js";

/**
 * A variable of `process.env` where there is one (Node, Bun, Deno's
 * compatibility layer), else `undefined`; `undefined` too where reading it is
 * refused (Deno without `--allow-env` throws), so a `Receiver` given its keys
 * needs no environment access.
 */
export function envVar(name: string): unknown {
  try {
    return (globalThis as { process?: { env?: Record<string, unknown> } }).process?.env?.[name];
  } catch {
    return undefined;
  }
}

/**
 * The dev server's keys when dev mode is on, else `undefined`.
 *
 * @param devMode the caller's `devMode` option; `QSTASH_DEV` decides when it is not given.
 * @param qstashDev the `QSTASH_DEV` variable as the platform holds it.
 */
export function devModeKeys(
  devMode: boolean | undefined,
  qstashDev: unknown,
): { current: string; next: string } | undefined {
  const value = typeof qstashDev === "string" ? qstashDev : undefined;
  const on = devModeOf(devMode, { QSTASH_DEV: value });
  if (on === undefined) {
    fail("MISSING_KEYS", "QSTASH_DEV must be true, 1, false or 0.");
  }
  return on ? DEV_MODE_SIGNING_KEYS : undefined;
}
