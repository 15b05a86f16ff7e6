import type * as pulumi from "@pulumi/pulumi";
import { containsUnknown } from "./unknowns.js";
import { deepEqual } from "./values.js";

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
): pulumi.dynamic.DiffResult & { diffs: string[] } {
  const changed = keys.filter((k) => containsUnknown(news[k]) || !deepEqual(olds[k], news[k]));
  const replaces = changed.filter((k) => replaceKeys.includes(k));
  // Whether the replacement deletes first (same name or id) is decided by the
  // caller, which knows each kind's identity (handler.ts).
  return { changes: changed.length > 0, replaces, diffs: changed };
}
