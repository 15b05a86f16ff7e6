import type { Schedule } from "../../sdk/client/index.js";
import { tokenOf } from "../plugin/kinds.js";
import { assertImportable, importWarnings } from "../schedule/import.js";
import type { Account } from "./account.js";
import { type ImportKind, resourceName } from "./names.js";
import { type Declaration, TsWriter } from "./program-ts.js";

/** One resource of Pulumi's bulk import file (`pulumi import --file`). */
export interface ImportEntry {
  type: string;
  name: string;
  id: string;
}

/** An object left out of the import file, why, and the declaration that takes it over instead. */
export interface Refusal {
  name: string;
  why: string;
  declaration: Declaration;
}

export interface Plan {
  entries: ImportEntry[];
  refused: Refusal[];
  /** What an import (or adoption) of a schedule cannot carry over, as `importWarnings` says it, by schedule. */
  warnings: { name: string; text: string }[];
  /** Resources whose header values Pulumi's code generator will write as literals, with the headers' properties. */
  headerValues: { name: string; properties: string[] }[];
}

const entry = (kind: ImportKind, objectName: string): ImportEntry => ({
  type: tokenOf(kind),
  name: resourceName(kind, objectName),
  id: objectName, // the plugin's import ids: a group's and a queue's name, a schedule's id
});

/** The forwarded-header properties of a schedule that hold values (`Content-Type` is `contentType`). */
function headerProperties(s: Schedule): string[] {
  const has = (h: Record<string, string[]> | undefined) =>
    Object.keys(h ?? {}).some((k) => k.toLowerCase() !== "content-type");
  return [
    ...(has(s.header) ? ["headers"] : []),
    ...(has(s.callbackHeader) ? ["callbackHeaders"] : []),
    ...(has(s.failureCallbackHeader) ? ["failureCallbackHeaders"] : []),
  ];
}

/** Warnings of `importWarnings`, each tied to the resource it is about. */
export function scheduleWarnings(s: Schedule): { name: string; text: string }[] {
  const name = resourceName("Schedule", s.scheduleId);
  return importWarnings(s).map((text) => ({ name, text }));
}

/**
 * The import file for an account: URL groups (their endpoints come with
 * them), schedules and queues, by the plugin's type tokens and ids. A
 * schedule the plugin's import refuses (ledger I1: redacted fields, a body
 * that is not UTF-8) is not in the file but in `refused`, with its
 * `adopt: true` declaration.
 */
export function importPlan(account: Account): Plan {
  const plan: Plan = { entries: [], refused: [], warnings: [], headerValues: [] };
  const writer = new TsWriter();
  for (const g of account.urlGroups) plan.entries.push(entry("UrlGroup", g.name));
  for (const s of account.schedules) {
    try {
      assertImportable(s);
    } catch (e) {
      const declaration = writer.schedule(s);
      plan.refused.push({
        name: declaration.name,
        why: e instanceof Error ? e.message : String(e),
        declaration,
      });
      continue;
    }
    const e = entry("Schedule", s.scheduleId);
    plan.entries.push(e);
    plan.warnings.push(...scheduleWarnings(s));
    const properties = headerProperties(s);
    if (properties.length) plan.headerValues.push({ name: e.name, properties });
  }
  for (const q of account.queues) plan.entries.push(entry("Queue", q.name));
  return plan;
}
