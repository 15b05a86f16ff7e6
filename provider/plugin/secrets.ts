/**
 * Pulumi's wire form of a secret inside a property struct. The plugin accepts
 * secrets from the engine, hands the shared handlers plain values (as the
 * dynamic provider sees them) and wraps on the way out every property whose
 * input held a secret, plus those that are always secret. (Declining secrets
 * instead makes the engine re-derive secretness from the inputs, and that
 * drops the wrapper of an object-valued property such as `headers`.)
 */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Props = Record<string, unknown>;

/** Wrap a value as a secret. */
export function secret(value: unknown): Record<string, unknown> {
  return isSecret(value) ? (value as Record<string, unknown>) : { [SIG_KEY]: SECRET_SIG, value };
}

/** Whether a value is in the secret wire form. */
export function isSecret(value: unknown): boolean {
  return value !== null && typeof value === "object" && (value as Props)[SIG_KEY] === SECRET_SIG;
}

/** The value with every secret wrapper removed (deeply). */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal((value as Props).value);
  if (Array.isArray(value)) return value.map(reveal);
  if (value !== null && typeof value === "object") {
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) out[k] = reveal(v);
    return out;
  }
  return value;
}

/** A copy of `props` with the given top-level properties (when present) wrapped as secrets. */
export function withSecrets(props: Props, keys: readonly string[]): Props {
  const out: Props = { ...props };
  for (const k of keys) if (out[k] !== undefined && out[k] !== null) out[k] = secret(out[k]);
  return out;
}

/** Whether a value is or holds a secret. */
export function holdsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(holdsSecret);
  return false;
}

/** The top-level properties that are or hold a secret. */
export function secretKeys(props: Props | undefined): string[] {
  return Object.entries(props ?? {})
    .filter(([, v]) => holdsSecret(v))
    .map(([k]) => k);
}
