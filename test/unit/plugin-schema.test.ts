import { describe, expect, it } from "vitest";
import { KINDS, tokenOf } from "../../provider/plugin/kinds.js";
import { packageSchema, schemaInputKeys } from "../../provider/plugin/schema.js";
import { metaOf } from "../../provider/property.js";
import { handler } from "../../provider/runtime.js";
import { connectionFields } from "../../provider/validators.js";
import { repoBuildInfo } from "../support/build-info.js";

const schema = packageSchema(repoBuildInfo("1.2.3"));

describe("the plugin's package schema is derived from the zod schemas", () => {
  for (const kind of KINDS) {
    const res = schema.resources[tokenOf(kind)]!;

    it(`${kind}: the same input properties in the zod schema, the handler, the docs and the package schema`, () => {
      const zodKeys = schemaInputKeys(kind).sort();
      const hidden = handler(kind).hiddenKeys;
      // every declared property carries its description (metaOf throws when one has none)
      const declared = handler(kind).inputs;
      expect(
        Object.keys(declared.shape)
          .filter((k) => !hidden.includes(k) && metaOf(declared, k).description)
          .sort(),
        "declarations vs zod",
      ).toEqual(zodKeys);
      expect(
        handler(kind)
          .inputKeys.filter((k) => !hidden.includes(k))
          .sort(),
        "handler vs zod",
      ).toEqual(zodKeys);
      expect(Object.keys(res.inputProperties).sort(), "package schema vs zod").toEqual(zodKeys);
      // outputs: every input plus the documented output-only properties
      expect(Object.keys(res.properties).sort()).toEqual(
        [...new Set([...zodKeys, ...Object.keys(handler(kind).outputs.shape)])].sort(),
      );
    });

    it(`${kind}: every property has a description; replace-on-change comes from the handler`, () => {
      for (const [k, p] of Object.entries(res.inputProperties)) {
        expect(p.description, `${kind}.${k}`).toMatch(/\w/);
        expect(Boolean(p.willReplaceOnChanges), `${kind}.${k} replaces`).toBe(
          handler(kind).replaceKeys.includes(k),
        );
      }
      for (const [k, p] of Object.entries(res.properties))
        expect(p.description, `${kind}.${k}`).toMatch(/\w/);
    });

    it(`${kind}: required inputs are exactly those check() refuses to miss`, async () => {
      const base = kind === "Schedule" ? { derivedScheduleId: "pulumi-x" } : {};
      const r = await handler(kind).check({}, base);
      const missing = (r.failures ?? []).map((f) => f.property).sort();
      expect([...res.requiredInputs].sort()).toEqual(missing);
    });
  }

  it("the connection override and forwarded headers are secrets, in inputs and outputs", () => {
    for (const kind of KINDS) {
      const res = schema.resources[tokenOf(kind)]!;
      expect(res.inputProperties.connection?.secret, kind).toBe(true);
      expect(res.properties.connection?.secret, kind).toBe(true);
    }
    const s = schema.resources["qstash:index:Schedule"]!;
    expect(s.inputProperties.headers).toMatchObject({
      secret: true,
      type: "object",
      additionalProperties: { type: "string" },
    });
    expect(s.properties.headers?.secret).toBe(true);
    expect(s.inputProperties.body?.secret).toBeUndefined();
    expect(schema.config.variables.token?.secret).toBe(true);
    expect(schema.provider.inputProperties.token?.secret).toBe(true);
  });

  it("types follow the zod schemas: integers, defaults, unions, nested objects", () => {
    const q = schema.resources["qstash:index:Queue"]!;
    expect(q.inputProperties.parallelism).toMatchObject({ type: "integer", default: 1 });
    expect(q.inputProperties.paused).toMatchObject({ type: "boolean", default: false });
    expect(q.requiredInputs).toEqual(["name"]);
    const s = schema.resources["qstash:index:Schedule"]!;
    expect(s.inputProperties.delay?.oneOf).toEqual([{ type: "number" }, { type: "string" }]);
    expect(s.inputProperties.labels).toMatchObject({ type: "array", items: { type: "string" } });
    expect(s.inputProperties.flowControl?.$ref).toBe("#/types/qstash:index:ScheduleFlowControl");
    expect(schema.types["qstash:index:ScheduleFlowControl"]?.required).toEqual(["key"]);
    const g = schema.resources["qstash:index:UrlGroup"]!;
    expect(g.inputProperties.endpoints).toMatchObject({
      type: "array",
      items: { $ref: "#/types/qstash:index:UrlGroupEndpoint" },
    });
    expect(schema.types["qstash:index:UrlGroupEndpoint"]?.required).toEqual(["url"]);
    const conn = schema.types["qstash:index:Connection"]!;
    expect(Object.keys(conn.properties).sort()).toEqual(Object.keys(connectionFields.shape).sort());
    expect(conn.properties.token?.secret).toBe(true);
  });

  it("getSigningKeys returns both keys as secrets", () => {
    const f = schema.functions["qstash:index:getSigningKeys"] as {
      outputs: { properties: Record<string, { secret?: boolean }> };
    };
    expect(f.outputs.properties.currentSigningKey?.secret).toBe(true);
    expect(f.outputs.properties.nextSigningKey?.secret).toBe(true);
  });
});
