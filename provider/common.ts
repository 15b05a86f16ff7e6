import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** The value Pulumi passes for inputs not yet known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value, or anything inside it, is not known yet (preview). */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** Replace unknowns with undefined so validation checks only what is known. */
function withoutUnknowns(v: unknown): unknown {
  if (v === UNKNOWN) return undefined;
  if (Array.isArray(v)) return v.map(withoutUnknowns);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = withoutUnknowns(x);
    return out;
  }
  return v;
}

function pathOf(path: readonly PropertyKey[]): string {
  let s = "";
  for (const p of path) {
    if (typeof p === "number") s += `[${p}]`;
    else s += s ? `.${String(p)}` : String(p);
  }
  return s || "(inputs)";
}

/**
 * Validate and normalise inputs with a zod schema. Failures name the property
 * (dotted path) and what was expected. Inputs that are still unknown during
 * preview are left alone and not validated.
 */
export function checkWith<T>(
  schema: z.ZodType<T>,
  news: Record<string, unknown>,
  unknownSafe: z.ZodType<unknown>,
): pulumi.dynamic.CheckResult {
  const { __provider, ...raw } = news;
  if (containsUnknown(raw)) {
    const r = unknownSafe.safeParse(withoutUnknowns(raw));
    if (!r.success) return { failures: failuresOf(r.error) };
    return { inputs: news };
  }
  const r = schema.safeParse(raw);
  if (!r.success) return { failures: failuresOf(r.error) };
  return { inputs: { ...dropUndefined(r.data as Record<string, unknown>), __provider } };
}

function failuresOf(error: z.ZodError): pulumi.dynamic.CheckFailure[] {
  const seen = new Set<string>();
  const out: pulumi.dynamic.CheckFailure[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      // name each unknown key itself: usually a typo of a real property
      for (const k of issue.keys) {
        const property = pathOf([...issue.path, k]);
        out.push({ property, reason: `${property}: unknown property (check its spelling)` });
      }
      continue;
    }
    const property = pathOf(issue.path);
    const key = `${property}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ property, reason: `${property}: ${issue.message}` });
  }
  return out;
}

/** Remove keys whose value is undefined (Pulumi state cannot hold them). */
export function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Structural equality over JSON values, insensitive to key order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Compare old state with new inputs over the given input properties. A
 * property in `replaceKeys` that changed forces a replacement; any other
 * change is an in-place update. Unknown new values count as changed.
 */
export function diffInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  keys: readonly string[],
  replaceKeys: readonly string[],
): pulumi.dynamic.DiffResult {
  const changed = keys.filter((k) => containsUnknown(news[k]) || !deepEqual(olds[k], news[k]));
  const replaces = changed.filter((k) => replaceKeys.includes(k));
  // A replacement always has a new identity (name or id), so the new object is
  // created before the old one is deleted: no gap in deliveries.
  return { changes: changed.length > 0, replaces };
}

/** Refuse to take over an object the stack did not create. */
export class AdoptionRefusedError extends Error {
  constructor(kind: string, what: string) {
    super(
      `${kind} ${what} already exists in QStash and is not managed by this stack. ` +
        "Set `adopt: true` on the resource to take it over (the replacement for `pulumi import`), " +
        "or choose another name.",
    );
    this.name = "AdoptionRefusedError";
  }
}
