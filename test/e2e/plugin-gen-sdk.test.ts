/**
 * `pulumi package gen-sdk` from the executable in the plugin tarball, for
 * Python: the official `pulumi-language-python` cannot be built here, so a
 * code-generation-only stand-in (scripts/build-py-codegen.sh) serves
 * the CLI's GeneratePackage call with Pulumi's own Python generator. The
 * generated package carries the schema's Python name and the package's
 * version, and byte-compiles with the machine's python3. (YAML's gen-sdk runs
 * in plugin-download.test.ts; Node.js, Go, .NET and Java hosts cannot be had
 * here, see the README.)
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildPlugin,
  HOST_PLATFORM,
  PLUGIN_VERSION,
  type PluginWorld,
  pluginWorld,
  tarballName,
} from "../support/installed-plugin.js";
import { repoRoot } from "../support/stack.ts";

const run = promisify(execFile);

describe("pulumi package gen-sdk --language python from the plugin tarball", () => {
  let w: PluginWorld;
  let exe: string;
  let codegenHost: string;
  const sdk = () => join(w.root, "sdk/python");

  beforeAll(async () => {
    w = pluginWorld("gen-sdk");
    const dist = join(w.root, "dist");
    await buildPlugin(dist);
    const unpacked = join(w.root, "plugin");
    mkdirSync(unpacked);
    await run("tar", ["-xzf", join(dist, tarballName(HOST_PLATFORM)), "-C", unpacked]);
    exe = join(unpacked, "pulumi-resource-qstash");
    const { stdout } = await run("bash", [join(repoRoot, "scripts/build-py-codegen.sh")], {
      timeout: 900_000,
    });
    codegenHost = stdout.trim();
  }, 920_000);

  afterAll(() => w?.dispose());

  it("writes the Python package named by the schema, at the package's version", async () => {
    await w.pulumi(["package", "gen-sdk", exe, "--language", "python", "--out", join(w.root, "sdk")], {
      env: { PATH: `${codegenHost}${delimiter}${w.env.PATH}` },
    });
    const modules = readdirSync(join(sdk(), "pulumi_qstash")).sort();
    expect(modules).toEqual(
      expect.arrayContaining(["__init__.py", "queue.py", "schedule.py", "url_group.py"]),
    );
    const pyproject = readFileSync(join(sdk(), "pyproject.toml"), "utf8");
    expect(pyproject).toMatch(/^\s*name = "pulumi_qstash"$/m);
    expect(pyproject).toMatch(new RegExp(`^\\s*version = "${PLUGIN_VERSION.replaceAll(".", "\\.")}"$`, "m"));
  });

  it("the generated package byte-compiles with python3", async () => {
    await run("python3", ["-m", "compileall", "-q", sdk()]);
    expect(existsSync(join(sdk(), "pulumi_qstash/__pycache__"))).toBe(true);
    const compiled = readdirSync(join(sdk(), "pulumi_qstash/__pycache__"));
    expect(compiled.some((f) => f.startsWith("queue.") && f.endsWith(".pyc"))).toBe(true);
  });
});
