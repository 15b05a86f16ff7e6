import { defineConfig } from "vitest/config";

export default defineConfig({
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
