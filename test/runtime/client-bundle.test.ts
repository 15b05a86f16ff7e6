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
});
