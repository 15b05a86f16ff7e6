/**
 * Drives the real `pulumi` CLI for e2e tests: a fresh local file backend and
 * passphrase secrets per stack, no update checks, no plugin downloads.
 *
 * Programs run through the Automation API's inline mode (the CLI talks to a
 * language server inside this process), so only `pulumi` and the
 * `pulumi-resource-pulumi-nodejs` launcher are needed. Program files are plain
 * CommonJS loaded with Node's own `require`, never through the test runner's
 * transform, so Pulumi serializes exactly what a user's program would give it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  LocalWorkspace,
  type PreviewResult,
  type PulumiFn,
  type Stack,
  type UpResult,
} from "@pulumi/pulumi/automation/index.js";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const nodeRequire = createRequire(import.meta.url);

let cachedVersion: string | undefined;

/** The `pulumi` on PATH and its version; throws (never skips) when it is missing. */
export function pulumiVersion(): string {
  if (cachedVersion) return cachedVersion;
  try {
    cachedVersion = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "the `pulumi` CLI is not on PATH: run `. scripts/env.sh` first (it installs or builds it)",
    );
  }
  const where = execFileSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).trim();
  console.log(`[e2e] using the real pulumi CLI ${cachedVersion} at ${where}`);
  return cachedVersion;
}

/**
 * A project directory whose node_modules resolves `pulumi-qstash` to this
 * checkout, as an installed dependency would. The dynamic-provider process
 * starts here and resolves its `require`s from here.
 */
export function projectDir(): string {
  const dir = join(repoRoot, "test/e2e/.work/project");
  const link = join(dir, "node_modules/pulumi-qstash");
  if (!existsSync(link)) {
    mkdirSync(dirname(link), { recursive: true });
    try {
      symlinkSync(repoRoot, link, "dir");
    } catch (e) {
      if (!existsSync(link)) throw e;
    }
  }
  return dir;
}

/** Load a CommonJS program module from test/e2e/programs with Node's require. */
export function loadProgram<T = (args: any) => PulumiFn>(name: string): T {
  return nodeRequire(join(repoRoot, "test/e2e/programs", name));
}

export interface TestStack {
  stack: Stack;
  stateDir: string;
  /** Everything the CLI printed so far (for secret audits). */
  output: string[];
  up(): Promise<UpResult>;
  preview(): Promise<PreviewResult>;
  refresh(): Promise<void>;
  destroy(): Promise<void>;
  exportState(): Promise<string>;
  stateFileText(): string;
  dispose(): Promise<void>;
}

export interface StackOptions {
  project?: string;
  stack?: string;
  program: PulumiFn;
  config?: Record<string, { value: string; secret?: boolean }>;
  env?: Record<string, string>;
}

/** Create a stack on a fresh file backend. */
export async function createStack(opts: StackOptions): Promise<TestStack> {
  pulumiVersion();
  const stateDir = mkdtempSync(join(tmpdir(), "pq-state-"));
  const project = opts.project ?? "pq-e2e";
  const stackName = opts.stack ?? "dev";
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_HOME: process.env.PULUMI_HOME ?? join(stateDir, ".pulumi-home"),
    // the provider process must run on the same Node as this one
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
    ...opts.env,
  };
  const main = projectDir();
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: project, program: opts.program },
    {
      workDir: main,
      projectSettings: { name: project, runtime: "nodejs", main, backend: { url: `file://${stateDir}` } },
      envVars: env,
    },
  );
  for (const [k, v] of Object.entries(opts.config ?? {})) {
    await stack.setConfig(k, { value: v.value, secret: v.secret ?? false });
  }
  const output: string[] = [];
  const onOutput = (s: string) => output.push(s);
  return {
    stack,
    stateDir,
    output,
    up: () => stack.up({ onOutput }),
    preview: () => stack.preview({ onOutput, diff: true }),
    refresh: async () => {
      await stack.refresh({ onOutput });
    },
    destroy: async () => {
      await stack.destroy({ onOutput });
    },
    exportState: async () => JSON.stringify(await stack.exportStack()),
    stateFileText: () => readFileSync(join(stateDir, ".pulumi/stacks", project, `${stackName}.json`), "utf8"),
    dispose: async () => {
      try {
        await stack.workspace.removeStack(stackName, { force: true });
      } catch {
        // already gone
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
