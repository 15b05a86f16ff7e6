// Drives the real `pulumi` CLI for `npm start`, e2e tests and benchmarks: a
// local file backend and passphrase secrets per stack, no update checks, no
// plugin downloads. Shared by scripts/, bench/ and test/: Node runs it as it is
// (type stripping), so it holds only erasable TypeScript, and its importers
// name the `.ts` file.
//
// Programs run through the Automation API's inline mode (the CLI talks to a
// language server inside this process), so only `pulumi` and the
// `pulumi-resource-pulumi-nodejs` launcher are needed.
import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
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

export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");
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
  console.log(`[pulumi] using the real pulumi CLI ${cachedVersion} at ${where}`);
  return cachedVersion;
}

/**
 * A project directory with pulumi-qstash installed as a user has it: a real
 * copy of the packed files under node_modules (not a link), so the provider
 * process resolves the package exactly as it does for users. Refreshed when the build
 * is newer than the copy. The dynamic-provider process starts here and
 * resolves its `require`s from here; programs load the package from here too
 * (see PULUMI_QSTASH_INSTALLED).
 */
export function projectDir(): string {
  const dir = join(repoRoot, "test/e2e/.work/installed");
  const pkg = join(dir, "node_modules/pulumi-qstash");
  const built = statSync(join(repoRoot, "dist")).mtimeMs;
  let copied = 0;
  try {
    copied = statSync(join(pkg, ".copied")).mtimeMs;
  } catch {
    // no copy yet
  }
  if (copied < built) {
    const tmp = `${pkg}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    // what `npm pack` would ship: package.json plus its "files"
    const { files } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { files: string[] };
    const excluded = files.filter((f) => f.startsWith("!")).map((f) => join(repoRoot, f.slice(1)));
    for (const f of ["package.json", ...files.filter((f) => !f.startsWith("!"))]) {
      cpSync(join(repoRoot, f), join(tmp, f), {
        recursive: true,
        filter: (src) => !excluded.some((x) => src === x || src.startsWith(`${x}/`)),
      });
    }
    writeFileSync(join(tmp, ".copied"), "");
    const old = `${pkg}.old-${process.pid}`;
    try {
      renameSync(pkg, old);
    } catch {
      // first copy
    }
    try {
      renameSync(tmp, pkg);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another process won the race
    }
    rmSync(old, { recursive: true, force: true });
  }
  process.env.PULUMI_QSTASH_INSTALLED = pkg;
  return dir;
}

/** Load a CommonJS program module from test/e2e/programs with Node's own require. */
export function loadProgram<T = (args: any) => PulumiFn>(name: string): T {
  projectDir();
  return nodeRequire(join(repoRoot, "test/e2e/programs", name)) as T;
}

export interface TestStack {
  stack: Stack;
  stateDir: string;
  /** Everything the CLI printed so far (for secret audits). */
  output: string[];
  onOutput(s: string): void;
  up(program?: PulumiFn): Promise<UpResult>;
  preview(program?: PulumiFn): Promise<PreviewResult>;
  refresh(): Promise<void>;
  destroy(): Promise<void>;
  /** `pulumi stack export --show-secrets`: decrypted, do not audit this for secrets. */
  exportState(): Promise<string>;
  /** The state file on disk, secrets as ciphertext. */
  stateFileText(): string;
  dispose(): Promise<void>;
}

export interface StackOptions {
  project?: string;
  stack?: string;
  program: PulumiFn;
  config?: Record<string, { value: string; secret?: boolean }>;
  env?: Record<string, string>;
  /** Backend folder; default a fresh temp dir. */
  stateDir?: string;
  /** Folder the dynamic-provider process starts in (must resolve pulumi-qstash); default {@link projectDir}. */
  projectDir?: string;
  /** The project's `plugins` setting, e.g. the provider plugin's folder. */
  plugins?: { providers?: { name: string; path: string }[] };
}

/** Create a stack on a file backend (a fresh temp dir unless `stateDir` is given). */
export async function createStack(opts: StackOptions): Promise<TestStack> {
  pulumiVersion();
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), "pq-state-"));
  mkdirSync(stateDir, { recursive: true });
  const project = opts.project ?? "pq-e2e";
  const stackName = opts.stack ?? "dev";
  const backend = `file://${stateDir}`;
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: backend,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_HOME: process.env.PULUMI_HOME ?? join(stateDir, ".pulumi-home"),
    // the provider process must run on the same Node as this one
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
    ...opts.env,
  };
  // Each stack gets its own workspace folder (Pulumi.yaml is written there);
  // `main` points the dynamic-provider process at the shared project folder.
  const main = opts.projectDir ?? projectDir();
  const workDir = join(stateDir, "workspace");
  mkdirSync(workDir, { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: project, program: opts.program },
    {
      workDir,
      projectSettings: {
        name: project,
        runtime: "nodejs",
        main,
        backend: { url: backend },
        // e.g. the provider plugin: { providers: [{ name: "qstash", path: <bin folder> }] }
        ...(opts.plugins ? { plugins: opts.plugins } : {}),
      },
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
    onOutput,
    up: (program?: PulumiFn) => stack.up({ onOutput, ...(program ? { program } : {}) }),
    preview: (program?: PulumiFn) => stack.preview({ onOutput, diff: true, ...(program ? { program } : {}) }),
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
