import { describe, expect, it } from "vitest";
import { Identifiers, resourceName } from "../../provider/import-file/names.js";
import { TsWriter, yamlDeclaration } from "../../provider/import-file/program-ts.js";

describe("import-file resource names", () => {
  it("are the kind and the object's own name, so they stay put when other objects come and go", () => {
    expect(resourceName("Queue", "emails")).toBe("queue-emails");
    expect(resourceName("UrlGroup", "emails")).toBe("group-emails");
    expect(resourceName("Schedule", "scd_2x.Y-z")).toBe("schedule-scd_2x.Y-z");
  });

  it("spell a name outside QStash's pattern safely, two such names never meeting", () => {
    const a = resourceName("Schedule", "a b");
    const b = resourceName("Schedule", "a:b");
    expect(a).toMatch(/^schedule-a_b-[0-9a-f]{8}$/);
    expect(b).toMatch(/^schedule-a_b-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(resourceName("Schedule", "a b")).toBe(a);
  });

  it("identifiers are camelCase, never start with a digit, and a clash gets a suffix", () => {
    const ids = new Identifiers();
    expect(ids.take("schedule-nightly", "X-Api-Key")).toBe("scheduleNightlyXApiKey");
    expect(ids.take("queue-a.b")).toBe("queueAB");
    expect(ids.take("queue-a-b")).toBe("queueAB2");
    expect(ids.take("7-up")).toBe("_7Up");
  });
});

describe("import-file --program ts declarations", () => {
  it("hold no header value, read each from secret config, and mark what QStash shows redacted", () => {
    const d = new TsWriter().schedule({
      scheduleId: "nightly",
      cron: "0 3 * * *",
      destination: "http://127.0.0.1:9/n",
      createdAt: 1,
      header: {
        "Content-Type": ["text/plain"],
        "X-Api-Key": ["value-not-to-print"],
        "X-Hidden": ["REDACTED:ab12"],
      },
      callbackHeader: { Authorization: ["Bearer cb-value-not-to-print"] },
      body: "REDACTED:cd34",
      retries: 2,
      isPaused: true,
    });
    expect(d.code).not.toContain("not-to-print");
    expect(d.code).toContain('"X-Api-Key": pulumi.secret(config.requireSecret("scheduleNightlyXApiKey"))');
    expect(d.code).toContain(
      'Authorization: pulumi.secret(config.requireSecret("scheduleNightlyCallbackAuthorization"))',
    );
    expect(d.code).toContain('body: pulumi.secret(config.requireSecret("scheduleNightlyBody"))');
    expect(d.code).toMatch(/redact: \{\n\s+body: true,\n\s+header: \["X-Hidden"\],\n/);
    expect(d.code).toContain('contentType: "text/plain"');
    expect(d.code).toContain("paused: true");
    expect(d.code).toContain("adopt: true");
    expect(d.keys.map((k) => [k.key, k.redacted])).toEqual([
      ["scheduleNightlyBody", true],
      ["scheduleNightlyXApiKey", false],
      ["scheduleNightlyXHidden", true],
      ["scheduleNightlyCallbackAuthorization", false],
    ]);
    expect(d.unusable).toBeUndefined();

    // the same declaration for Pulumi YAML: JSON scalars (valid YAML), config reads as interpolations
    const yaml = yamlDeclaration(d);
    expect(yaml.resource).not.toContain("not-to-print");
    expect(yaml.resource).toContain("  type: qstash:index:Schedule\n");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Pulumi YAML interpolation
    expect(yaml.resource).toContain('    body: "${scheduleNightlyBody}"\n');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Pulumi YAML interpolation
    expect(yaml.resource).toContain('"X-Api-Key": "${scheduleNightlyXApiKey}"');
    expect(yaml.resource).toContain('    redact: { "body": true, "header": ["X-Hidden"] }\n');
    expect(yaml.resource).toMatch(/\n {4}adopt: true$/);
    expect(yaml.config).toContain("scheduleNightlyXHidden:\n  type: string\n  secret: true");
  });

  it("a body that is not UTF-8 makes the declaration unusable as it is", () => {
    const d = new TsWriter().schedule({
      scheduleId: "bin",
      cron: "0 3 * * *",
      destination: "http://127.0.0.1:9/b",
      createdAt: 1,
      bodyBase64: "//4AgA==",
    });
    expect(d.unusable).toMatch(/not UTF-8/);
  });
});
