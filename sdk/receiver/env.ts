/**
 * The one place the receiver reads environment variables: the platform's
 * env object first (Cloudflare bindings, Hono `c.env`), then `process.env`
 * where there is one (Node, Bun, Deno's compatibility layer).
 * @module
 */

/**
 * A non-empty string variable, else `undefined`; `undefined` too where
 * reading `process.env` is refused (Deno without `--allow-env` throws), so
 * code given its keys needs no environment access.
 */
export function fromEnv(env: Record<string, unknown> | undefined, name: string): string | undefined {
  let v = env?.[name];
  if (v === undefined) {
    try {
      v = (globalThis as { process?: { env?: Record<string, unknown> } }).process?.env?.[name];
    } catch {
      return undefined;
    }
  }
  return typeof v === "string" && v !== "" ? v : undefined;
}
