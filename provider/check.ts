import type * as pulumi from "@pulumi/pulumi";
import * as z from "../deps/zod.js";
import { containsUnknown, unknownPaths, withoutUnknowns } from "./unknowns.js";
import { dropUndefined } from "./values.js";

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
    if (!r.success) {
      // an issue at, inside or around a value not known yet is not a failure (yet)
      const unknown = unknownPaths(raw);
      const related = (p: readonly PropertyKey[]) => unknown.some((u) => isPrefix(p, u) || isPrefix(u, p));
      const issues = r.error.issues.flatMap((i): z.core.$ZodIssue[] => {
        if (i.code !== "unrecognized_keys") return related(i.path) ? [] : [i];
        // a misspelt property is refused even while others are unknown
        const keys = i.keys.filter((k) => !related([...i.path, k]));
        return keys.length ? [{ ...i, keys }] : [];
      });
      if (issues.length) return { failures: failuresOf(new z.ZodError(issues)) };
    }
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

function isPrefix(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  return a.length <= b.length && a.every((k, i) => String(k) === String(b[i]));
}
