import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The package's `#crypto` / `#transport` imports name built files; tests of
  // the sources resolve them to the sources' Node modules instead, as
  // tsconfig's `paths` does for the type-checker.
  resolve: {
    alias: [
      { find: /^#crypto$/, replacement: source("./sdk/receiver/crypto/node-crypto.node.ts") },
      { find: /^#transport$/, replacement: source("./sdk/client/internal/transport-undici.node.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "test/e2e/.work/**"],
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
