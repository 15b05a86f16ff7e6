import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { handler } from "../../provider/runtime.js";
import { repoRoot } from "../support/stack.ts";

/** The rows of the first table under "### `Kind`" in the README. */
function documented(kind: string): { property: string; required: boolean; change: string }[] {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const start = readme.indexOf(`### \`${kind}\``);
  expect(start, `README has a section for ${kind}`).toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf("\n### ", start + 5));
  const lines = section.split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const end = lines.findIndex((l, i) => i > first && !l.startsWith("|"));
  return lines
    .slice(first, end < 0 ? undefined : end)
    .filter((l) => /^\|\s*`\w+`\s*\|/.test(l))
    .map((l) => {
      const [property, required, change] = l
        .split("|")
        .slice(1, 4)
        .map((c) => c.trim());
      return { property: property!.replace(/`/g, ""), required: required === "yes", change: change! };
    });
}

const hidden = new Set(["derivedScheduleId"]);

describe("the README's resource reference matches the code", () => {
  for (const kind of ["UrlGroup", "Endpoint", "Schedule", "Queue"] as const) {
    it(`${kind}: every property is documented with the right replace/update behaviour`, () => {
      const h = handler(kind);
      const rows = documented(kind);
      const props = h.inputKeys.filter((k) => !hidden.has(k));
      expect(rows.map((r) => r.property).sort()).toEqual([...props].sort());
      for (const r of rows) {
        if (r.property === "connection") {
          expect(r.change).toMatch(/^replace \(url\/region\), update \(token\)$/);
        } else {
          expect(r.change, r.property).toBe(h.replaceKeys.includes(r.property) ? "replace" : "update");
        }
      }
    });
  }

  it("required properties are exactly those check() refuses to miss", async () => {
    for (const kind of ["UrlGroup", "Endpoint", "Schedule", "Queue"] as const) {
      const base = kind === "Schedule" ? { derivedScheduleId: "pulumi-x" } : {};
      const r = await handler(kind).check({}, base);
      const missing = new Set((r.failures ?? []).map((f) => f.property));
      for (const row of documented(kind))
        expect(missing.has(row.property), `${kind}.${row.property}`).toBe(row.required);
    }
  });
});
