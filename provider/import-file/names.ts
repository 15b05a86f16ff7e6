import { createHash } from "node:crypto";
import { NAME_PATTERN } from "../../sdk/qstash-rules.js";

/** The kinds an import file holds: a URL group's endpoints come with the group. */
export type ImportKind = "UrlGroup" | "Schedule" | "Queue";

export const IMPORT_KINDS: readonly ImportKind[] = ["UrlGroup", "Schedule", "Queue"];

const PREFIX: Record<ImportKind, string> = { UrlGroup: "group", Schedule: "schedule", Queue: "queue" };

/**
 * The Pulumi resource name of a QStash object: its kind and its own name
 * (`queue-emails`). It depends on that object alone, so a run after the
 * account gained or lost objects names the others as before, and the kind
 * keeps a queue and a URL group of the same name apart (Pulumi YAML and the
 * code generators need names unique across kinds). QStash names are
 * `[A-Za-z0-9._-]+` (ledger N1), which Pulumi takes as they are; anything
 * else is spelt safe with a digest of the original, so two never meet.
 */
export function resourceName(kind: ImportKind, objectName: string): string {
  if (NAME_PATTERN.test(objectName)) return `${PREFIX[kind]}-${objectName}`;
  const digest = createHash("sha256").update(objectName).digest("hex").slice(0, 8);
  return `${PREFIX[kind]}-${objectName.replace(/[^A-Za-z0-9._-]+/g, "_")}-${digest}`;
}

/**
 * Unique camelCase identifiers (TypeScript variables, config keys) for
 * names given in a stable order: a clash gets a numeric suffix.
 */
export class Identifiers {
  readonly #taken = new Set<string>();

  /** `schedule-nightly`, `X-Api-Key` → `scheduleNightlyXApiKey`. */
  take(...parts: string[]): string {
    const words = parts
      .join(" ")
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean);
    let base = words
      .map((w, i) => (i === 0 ? w[0]?.toLowerCase() : w[0]?.toUpperCase()) + w.slice(1))
      .join("");
    if (!base || /^[0-9]/.test(base)) base = `_${base}`;
    let id = base;
    for (let n = 2; this.#taken.has(id); n++) id = `${base}${n}`;
    this.#taken.add(id);
    return id;
  }
}
