/**
 * The plugin fetched by Pulumi itself from its pluginDownloadURL: the tarballs
 * are built with the build setting PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL pointing at
 * a loopback HTTP server that serves them, and the built plugin's schema carries
 * that URL. `pulumi package gen-sdk --language yaml` turns the schema into
 * Pulumi YAML's package declaration (name, version, download URL); a YAML
 * program beside it, which names neither a version nor a source, gets the
 * plugin into a fresh PULUMI_HOME through `pulumi install` (automatic plugin
 * acquisition on), and `pulumi up` runs against the devserver.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "../../devserver/index.js";
import {
  buildPlugin,
  HOST_PLATFORM,
  PLUGIN_VERSION,
  type PluginWorld,
  pluginWorld,
  tarballName,
} from "../support/installed-plugin.js";

const run = promisify(execFile);
const TOKEN = "download-plugin-token-a41f08";

const PROGRAM = `name: pq-download
runtime: yaml
resources:
  jobs:
    type: qstash:index:Queue
    properties:
      name: downloaded-jobs
      parallelism: 3
`;

describe("Pulumi downloads the plugin from its pluginDownloadURL", () => {
  let dev: DevServer;
  let w: PluginWorld;
  let http: Server;
  let downloadURL: string;
  let unpacked: string;
  const served: string[] = [];

  beforeAll(async () => {
    dev = await startDevServer({ host: "127.0.0.1", port: 0, token: TOKEN, tickMs: 60_000 });
    // automatic acquisition on: that is the behaviour under test
    w = pluginWorld("download", { PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: undefined });
    const releases = join(w.root, "releases");
    mkdirSync(releases);
    http = createServer((req, res) => {
      const name = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname).replace(
        /^\/releases\//,
        "",
      );
      const file = join(releases, name);
      if (name.includes("/") || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      served.push(`${req.method} ${req.url}`);
      // as release servers do: the CLI checks the length it was told against what it got
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": "application/gzip", "content-length": body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    downloadURL = `http://127.0.0.1:${(http.address() as AddressInfo).port}/releases`;
    await buildPlugin(releases, downloadURL);
  }, 180_000);

  afterAll(async () => {
    await w?.pulumi(["destroy", "--yes", "--non-interactive"]).catch(() => {});
    w?.dispose();
    await new Promise((resolve) => http?.close(resolve));
    await dev?.close();
  });

  it("the built plugin's schema carries the pluginDownloadURL of the build setting", async () => {
    unpacked = join(w.root, "unpacked");
    mkdirSync(unpacked);
    await run("tar", ["-xzf", join(w.root, "releases", tarballName(HOST_PLATFORM)), "-C", unpacked]);
    const { stdout } = await w.pulumi(["package", "get-schema", join(unpacked, "pulumi-resource-qstash")]);
    const schema = JSON.parse(stdout);
    expect([schema.pluginDownloadURL, schema.version]).toEqual([downloadURL, PLUGIN_VERSION]);
  });

  it("`pulumi package gen-sdk --language yaml` writes the package declaration with that URL", async () => {
    w.writeProject(PROGRAM);
    await w.pulumi([
      "package",
      "gen-sdk",
      join(unpacked, "pulumi-resource-qstash"),
      "--language",
      "yaml",
      "--out",
      join(w.project, "sdks"),
    ]);
    const decl = readFileSync(join(w.project, "sdks/yaml", `qstash-${PLUGIN_VERSION}.yaml`), "utf8");
    expect(decl).toMatch(/^name: qstash$/m);
    expect(decl).toMatch(new RegExp(`^version: ${PLUGIN_VERSION.replaceAll(".", "\\.")}$`, "m"));
    expect(decl).toContain(`downloadUrl: ${downloadURL}`);
  });

  it("`pulumi install` fetches the tarball from that URL into a fresh PULUMI_HOME", async () => {
    expect(existsSync(w.pluginDir)).toBe(false);
    expect(served).toEqual([]);
    await w.pulumi(["install"]);
    expect(served).toEqual([`GET /releases/${tarballName(HOST_PLATFORM)}`]);
    expect(readdirSync(w.pluginDir).sort()).toEqual(["pulumi-resource-qstash", "pulumi-resource-qstash.cjs"]);
  });

  it("the downloaded plugin serves up and destroy against the devserver", async () => {
    await w.pulumi(["stack", "init", "dev"]);
    await w.pulumi(["config", "set", "qstash:url", dev.url]);
    await w.pulumi(["config", "set", "--secret", "qstash:token", TOKEN]);
    const { stdout } = await w.pulumi(["up", "--yes", "--non-interactive"]);
    expect(stdout).toMatch(/\+ 2 created/);
    expect(dev.inventory().queues.map((q) => [q.name, q.parallelism])).toEqual([["downloaded-jobs", 3]]);
    // installed once: up found it in PULUMI_HOME
    expect(served).toHaveLength(1);
    await w.pulumi(["destroy", "--yes", "--non-interactive"]);
    expect(dev.inventory().queues).toEqual([]);
  });
});
