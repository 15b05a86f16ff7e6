// Pulumi's placeholder for values not known yet (during preview), and the
// helpers that keep validation and diff from mistaking it for a real value.

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
export function withoutUnknowns(v: unknown): unknown {
  if (v === UNKNOWN) return undefined;
  if (Array.isArray(v)) return v.map(withoutUnknowns);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = withoutUnknowns(x);
    return out;
  }
  return v;
}

/** Where the unknown values are, as property paths (`["headers", "Authorization"]`). */
export function unknownPaths(v: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  if (v === UNKNOWN) return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => unknownPaths(x, [...at, i]));
  if (v !== null && typeof v === "object")
    return Object.entries(v).flatMap(([k, x]) => unknownPaths(x, [...at, k]));
  return [];
}
