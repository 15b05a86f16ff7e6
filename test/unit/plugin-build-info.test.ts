import { describe, expect, it } from "vitest";
import { buildInfoFrom, publishing, repositoryAddress } from "../../provider/plugin/build-info.js";
import { packageSchema } from "../../provider/plugin/schema.js";
import { repoBuildInfo } from "../support/build-info.js";

describe("where the plugin comes from: one repository address, everything else derived", () => {
  it("reads package.json's repository in npm's forms", () => {
    const web = "https://github.com/acme/pulumi-qstash";
    for (const form of [
      web,
      `${web}/`,
      `git+${web}.git`,
      { type: "git", url: `git+${web}.git` },
      "github:acme/pulumi-qstash",
    ]) {
      expect(repositoryAddress(form)).toBe(web);
    }
  });

  it("refuses a missing or unusable repository, naming the field", () => {
    expect(() => repositoryAddress(undefined)).toThrow(/package\.json repository: expected https:/);
    expect(() => repositoryAddress("acme")).toThrow(/package\.json repository/);
    expect(() => buildInfoFrom({ repository: "github:a/b" })).toThrow(/package\.json version/);
  });

  it("derives homepage, publisher, Go module and the default download URL", () => {
    expect(publishing(buildInfoFrom({ version: "0.3.1", repository: "github:acme/pulumi-qstash" }))).toEqual({
      homepage: "https://github.com/acme/pulumi-qstash",
      repository: "https://github.com/acme/pulumi-qstash",
      publisher: "acme",
      // Pulumi's github:// source looks in <owner>/pulumi-<name> by itself
      pluginDownloadURL: "github://api.github.com/acme",
      goModulePath: "github.com/acme/pulumi-qstash/sdk/go",
      goImportBasePath: "github.com/acme/pulumi-qstash/sdk/go/qstash",
    });
    // another repository name is spelled out; Go wants /vN from major version 2 on
    const other = publishing(buildInfoFrom({ version: "2.0.0", repository: "github:acme/qstash-infra" }));
    expect([other.pluginDownloadURL, other.goModulePath]).toEqual([
      "github://api.github.com/acme/qstash-infra",
      "github.com/acme/qstash-infra/sdk/go/v2",
    ]);
  });

  it("the build setting replaces the default download URL", () => {
    const info = buildInfoFrom(
      { version: "0.1.0", repository: "github:acme/pulumi-qstash" },
      "http://127.0.0.1:8/plugins",
    );
    expect(publishing(info).pluginDownloadURL).toBe("http://127.0.0.1:8/plugins");
  });

  it("the schema carries them, and the language sections", () => {
    const info = repoBuildInfo("1.4.0");
    const origin = publishing(info);
    const s = packageSchema(info);
    expect([s.version, s.homepage, s.repository, s.publisher, s.pluginDownloadURL]).toEqual([
      "1.4.0",
      origin.homepage,
      origin.repository,
      origin.publisher,
      origin.pluginDownloadURL,
    ]);
    expect(s.language).toMatchObject({
      nodejs: { packageName: "pulumi-qstash" },
      go: { importBasePath: origin.goImportBasePath },
      python: { packageName: "pulumi_qstash" },
      csharp: { rootNamespace: "Pulumi", namespaces: { qstash: "QStash" } },
    });
    expect(s.keywords).toContain("qstash");
    expect(s.license).toBe("Apache-2.0");
  });
});
