import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { bundle } from "../../tools/receiver-bundle.ts";

// What an edge or browser build of the client pulls in: `fetch` and our own
// code only. zod (response types only) and croner (cron values are QStash's
// to judge in the client; the provider checks them) stay out, as does undici.

describe("client edge bundle", () => {
  it("import { Client } bundles no dependency and no Node code", async () => {
    const b = await bundle('import { Client } from "pulumi-qstash/client"; globalThis.__keep = Client;');
    const paths = b.inputs.map((i: { path: string }) => i.path);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p: string) => !p.startsWith("dist/esm/sdk/"))).toEqual([]);
    expect(paths).toContain("dist/esm/sdk/client/internal/transport-fetch.js");
    expect(b.code).not.toMatch(/node:|require\(|undici/);
  });

  it("errors keep their class names when minified (users match on err.name)", async () => {
    const names = [
      "BadRequestError",
      "UnauthorizedError",
      "NotFoundError",
      "ConflictError",
      "QuotaExceededError",
      "RateLimitedError",
      "ServerError",
      "HttpError",
      "ConnectionError",
      "TimeoutError",
    ];
    const b = await bundle(
      `import { ${names.join(", ")}, ValidationError, InvalidResponseError, QStashError } from "pulumi-qstash/client";
       globalThis.__names = [${names.map((n) => `new ${n}({})`).join(", ")},
         new ValidationError("retries", "expected an integer"), new InvalidResponseError({}, "bad"),
         new QStashError("HTTP_ERROR", "x")].map((e) => e.name);`,
    );
    const dir = mkdtempSync(join(tmpdir(), "pq-bundle-"));
    try {
      const file = join(dir, "bundle.mjs");
      writeFileSync(file, b.code);
      await import(pathToFileURL(file).href);
      const seen = (globalThis as { __names?: string[] }).__names;
      expect(seen).toEqual([...names, "ValidationError", "InvalidResponseError", "QStashError"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
