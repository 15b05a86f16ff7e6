/**
 * The provider's configuration (`qstash:*`), checked when the provider is
 * configured: before any request, whatever else is set.
 */
import { describe, expect, it } from "vitest";
import { connectionFrom } from "../../provider/connection.js";
import { configure } from "../../provider/runtime.js";

const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

describe("qstash:region", () => {
  it("an unknown region is refused even when qstash:url makes the client ignore it", async () => {
    await expect(
      configure({ config: config({ "qstash:url": "http://127.0.0.1:1", "qstash:region": "mars-1" }) }),
    ).rejects.toThrow(
      'qstash:region: expected one of eu-central-1 (EU_CENTRAL_1), us-east-1 (US_EAST_1), got "mars-1"',
    );
    expect(() => connectionFrom(config({ "qstash:region": "eu-west-1" }))).toThrow(/^qstash:region: /);
  });

  it("either spelling of a known region is accepted", () => {
    for (const region of ["us-east-1", "US_EAST_1", "eu-central-1", "EU_CENTRAL_1"]) {
      expect(
        connectionFrom(config({ "qstash:url": "http://127.0.0.1:1", "qstash:region": region })).region,
      ).toBe(region);
    }
  });

  it("a token's surrounding whitespace is dropped; a blank token is no token", () => {
    expect(connectionFrom(config({ "qstash:token": "tok-1\n" })).token).toBe("tok-1");
    expect(connectionFrom(config({ "qstash:token": " \n" })).token).toBeUndefined();
  });
});
