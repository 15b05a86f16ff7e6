import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles } from "../support/generated.ts";
import { repoRoot } from "../support/stack.ts";

// `npm run generate` sets this to write the files instead of comparing them
const write = process.env.PULUMI_QSTASH_WRITE_GENERATED === "1";

describe("what is generated from the property declarations is up to date", () => {
  for (const [file, render] of Object.entries(generatedFiles)) {
    it(`${file} (npm run generate)`, () => {
      const path = join(repoRoot, file);
      const want = render();
      if (write) writeFileSync(path, want);
      expect(readFileSync(path, "utf8"), `${file} is stale: run npm run generate`).toBe(want);
    });
  }
});
