// The provider plugin as a user of Pulumi YAML, Go or any other language gets
// it: the tarballs of scripts/build-plugin.mjs, installed into a fresh
// PULUMI_HOME in a folder outside the repository, with a PATH that holds
// only node, the pulumi CLI and its language hosts.
import { execFile } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, parse } from "node:path";
import { promisify } from "node:util";
import { repoBuildInfo } from "./build-info.js";
import { runCommand } from "./command.ts";
import { repoRoot } from "./stack.ts";

const run = promisify(execFile);

/** Pulumi's name for this machine's OS and architecture, as in the tarball names. */
export const HOST_PLATFORM = `${process.platform === "win32" ? "windows" : process.platform}-${
  process.arch === "x64" ? "amd64" : process.arch
}`;

export const PLUGIN_VERSION = repoBuildInfo().version;

export function tarballName(platform: string, version = PLUGIN_VERSION): string {
  return `pulumi-resource-qstash-v${version}-${platform}.tar.gz`;
}

/** `node scripts/build-plugin.mjs --out <out>`, optionally with the pluginDownloadURL build setting. */
export async function buildPlugin(out: string, downloadURL?: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL;
  if (downloadURL) env.PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL = downloadURL;
  const r = await run(process.execPath, [join(repoRoot, "scripts/build-plugin.mjs"), "--out", out], {
    env,
    timeout: 120_000,
  });
  return r.stderr;
}

/** The folder on PATH that holds `name`, if any. */
export function whichDir(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return dir;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Every `node_modules` folder in `dir` or above it. */
export function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules"))) found.push(join(d, "node_modules"));
    if (d === parse(d).root) return found;
  }
}

export interface PluginWorld {
  /** The temp folder holding everything below. */
  root: string;
  /** PULUMI_HOME: the plugin is installed under plugins/resource-qstash-v<version>. */
  home: string;
  /** The Pulumi project (Pulumi.yaml only). */
  project: string;
  /** Where the installed plugin lives. */
  pluginDir: string;
  /** A log of every module the plugin's Node process resolves (see resolveAudit). */
  auditLog: string;
  env: NodeJS.ProcessEnv;
  output: string[];
  pulumi(args: string[], opts?: { env?: NodeJS.ProcessEnv }): Promise<{ stdout: string; stderr: string }>;
  writeProject(text: string): void;
  dispose(): void;
}

/**
 * A fresh PULUMI_HOME, project and file backend in one temp folder, and a
 * PATH of node, the pulumi CLI and the YAML language host only: no
 * pulumi-resource-qstash anywhere on it, so the engine can only take the
 * plugin from PULUMI_HOME. NODE_OPTIONS preloads an audit that records every
 * module the plugin's Node process resolves.
 */
export function pluginWorld(name: string, env: NodeJS.ProcessEnv = {}): PluginWorld {
  const root = mkdtempSync(join(tmpdir(), `pq-${name}-`));
  const home = join(root, "pulumi-home");
  const project = join(root, "project");
  const state = join(root, "state");
  for (const d of [home, project, state]) mkdirSync(d, { recursive: true });
  const auditLog = join(root, "resolved.log");
  const audit = join(root, "resolve-audit.cjs");
  // test instrumentation only: records what the plugin process asks Node to resolve
  writeFileSync(
    audit,
    `const M = require("node:module"); const fs = require("node:fs");
const resolve = M._resolveFilename;
M._resolveFilename = function (request, ...rest) {
  const out = resolve.call(this, request, ...rest);
  if (!M.isBuiltin(request)) fs.appendFileSync(${JSON.stringify(auditLog)}, request + "\\t" + out + "\\n");
  return out;
};
`,
  );
  const tools = ["pulumi", "pulumi-language-yaml"].map((t) => {
    const d = whichDir(t);
    if (!d) throw new Error(`${t} is not on PATH (source scripts/env.sh)`);
    return d;
  });
  const path = [...new Set([dirname(process.execPath), ...tools, "/usr/bin", "/bin"])].join(delimiter);
  const fullEnv: NodeJS.ProcessEnv = {
    HOME: root,
    PATH: path,
    TMPDIR: root,
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${state}`,
    PULUMI_CONFIG_PASSPHRASE: "installed-plugin-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    NODE_OPTIONS: `--require ${audit}`,
    ...env,
  };
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k];
  const output: string[] = [];
  return {
    root,
    home,
    project,
    pluginDir: join(home, "plugins", `resource-qstash-v${PLUGIN_VERSION}`),
    auditLog,
    env: fullEnv,
    output,
    pulumi(args, opts = {}) {
      return runCommand(
        "pulumi",
        args,
        { cwd: project, env: { ...fullEnv, ...opts.env }, timeout: 170_000 },
        output,
      );
    },
    writeProject(text) {
      writeFileSync(join(project, "Pulumi.yaml"), text);
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
