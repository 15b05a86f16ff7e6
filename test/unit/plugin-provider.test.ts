import { describe, expect, it } from "vitest";
import { qstashProvider } from "../../provider/plugin/provider.js";
import { isSecret, reveal, secret } from "../../provider/plugin/secrets.js";
import { handler } from "../../provider/runtime.js";
import { scheduleIdFrom } from "../../provider/schedule/resource.js";
import { urnParts } from "../../provider/urn.js";
import { repoBuildInfo } from "../support/build-info.js";

/** The id the Schedule kind derives, under the plugin, for a schedule without `scheduleId`. */
const derivedScheduleId = (u: string) => handler("Schedule").derivedInputs(urnParts(u)).derivedScheduleId;

const p = qstashProvider(repoBuildInfo("0.0.0-test"));
const urn = (kind: string, name = "r", parent = "") =>
  `urn:pulumi:dev::proj::${parent ? `${parent}$` : ""}qstash:index:${kind}::${name}`;

describe("the plugin's provider: the shared handlers by type token", () => {
  it("check validates with the zod schema and names the property", async () => {
    const r = await p.check!(urn("Queue"), {}, { name: "q", parallelism: 0 });
    expect(r.failures?.map((f) => f.property)).toEqual(["parallelism"]);
    expect(r.failures?.[0]?.reason).toMatch(/parallelism/);
  });

  it("check keeps forwarded headers and the connection secret, and any input given as a secret", async () => {
    const r = await p.check!(
      urn("Schedule"),
      {},
      {
        destination: "http://127.0.0.1:9/a",
        cron: "0 4 * * *",
        headers: { "x-api-key": "plain-value" },
        body: secret("secret-body"),
        connection: { url: "http://127.0.0.1:1" },
      },
    );
    expect(r.failures).toEqual([]);
    const inputs = r.inputs as Record<string, unknown>;
    expect(isSecret(inputs.headers)).toBe(true);
    expect(reveal(inputs.headers)).toEqual({ "X-Api-Key": "plain-value" }); // canonicalised by the handler
    expect(isSecret(inputs.body)).toBe(true);
    expect(isSecret(inputs.connection)).toBe(true);
    expect(isSecret(inputs.cron)).toBe(false);
    expect(inputs.contentType).toBe("application/json"); // defaults filled in
  });

  it("a schedule's derived id is the dynamic provider's for a resource without a parent", async () => {
    expect(derivedScheduleId(urn("Schedule", "nightly"))).toBe(scheduleIdFrom("proj", "dev", "", "nightly"));
    expect(derivedScheduleId(urn("Schedule", "nightly", "my:index:Component"))).not.toBe(
      derivedScheduleId(urn("Schedule", "nightly")),
    );
    const r = await p.check!(
      urn("Schedule", "nightly"),
      {},
      { destination: "http://127.0.0.1:9/a", cron: "0 4 * * *" },
    );
    expect((r.inputs as Record<string, unknown>).derivedScheduleId).toBe(
      derivedScheduleId(urn("Schedule", "nightly")),
    );
  });

  it("diff reports which properties update and which replace, without a QStash call", async () => {
    const olds = { name: "q", parallelism: 1, paused: false };
    const d = await p.diffDetailed("q", urn("Queue"), olds, { name: "q2", parallelism: 3, paused: false });
    expect(d).toEqual({ changes: true, replaces: ["name"], diffs: ["name", "parallelism"] });
    const same = await p.diffDetailed("q", urn("Queue"), olds, { ...olds });
    expect(same).toEqual({ changes: false, replaces: [], diffs: [] });
    // state moved over from the dynamic provider still carries __provider: ignored
    const moved = await p.diffDetailed("q", urn("Queue"), { ...olds, __provider: "x" }, { ...olds });
    expect(moved.changes).toBe(false);
  });

  it("refuses an unknown type and an unknown function", async () => {
    await expect(p.check!("urn:pulumi:dev::proj::qstash:index:Nope::n", {}, {})).rejects.toThrow(
      /unknown resource type/,
    );
    await expect(p.invoke!("qstash:index:nope", {})).rejects.toThrow(/unknown function/);
  });

  it("serves a package schema naming every resource and the function", async () => {
    const schema = JSON.parse(await p.getSchema!());
    expect(Object.keys(schema.resources).sort()).toEqual([
      "qstash:index:Endpoint",
      "qstash:index:Queue",
      "qstash:index:Schedule",
      "qstash:index:UrlGroup",
    ]);
    expect(Object.keys(schema.functions)).toEqual(["qstash:index:getSigningKeys"]);
    expect(schema.version).toBe("0.0.0-test");
  });
});
