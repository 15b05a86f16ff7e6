import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const sources: Record<string, string> = {
  "#crypto": source("./sdk/receiver/crypto/node-crypto.node.ts"),
  "#transport": source("./sdk/client/internal/transport-undici.node.ts"),
};

/**
 * The package's `#crypto` / `#transport` imports name built files. Tests of
 * the sources resolve them, from source files only, to the sources' Node
 * modules (as tsconfig's `qstash-source` condition does for the
 * type-checker); the built package keeps resolving through its own map.
 */
const packageImportsFromSource: Plugin = {
  name: "package-imports-from-source",
  enforce: "pre",
  resolveId(id, importer) {
    if (!(id in sources) || importer === undefined || importer.includes("/dist/")) return null;
    return sources[id];
  },
};

/** A project of the tests under `folders`, with the settings below. */
function project(name: string, folders: string[]) {
  return {
    extends: true as const,
    test: {
      name,
      include: folders.map((f) => `${f}/**/*.test.ts`),
      exclude: ["**/node_modules/**", "**/dist/**", "test/e2e/.work/**"],
    },
  };
}

export default defineConfig({
  plugins: [packageImportsFromSource],
  test: {
    // one project per kind of test: `npm run test:unit`, `test:contract`,
    // `test:runtime`, `test:e2e` run one; `npm test` runs them all
    projects: [
      project("unit", ["test/unit"]),
      project("contract", ["test/contract"]),
      project("runtime", ["test/runtime", "test/install"]),
      project("e2e", ["test/e2e", "test/reliability", "test/examples"]),
    ],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // e2e tests drive the real pulumi CLI; run files in separate forks but not
    // too many at once on a 2-core machine.
    pool: "forks",
    maxWorkers: 2,
    fileParallelism: true,
    // In CI a JSON report lets .ci/run fail on any skipped or todo test.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: ".test-results.json" },
  },
});
