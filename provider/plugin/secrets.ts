/**
 * Pulumi's wire form of a secret inside a property struct. The plugin tells
 * the engine it does not accept secrets (so the shared handlers only ever see
 * plain values, as in the dynamic provider), and marks the properties that
 * must always be stored encrypted itself: the engine keeps a value in this
 * form secret in check results, outputs and read results.
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
