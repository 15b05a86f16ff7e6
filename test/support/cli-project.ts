// A Pulumi project on disk driven by the real `pulumi` CLI (not the
// Automation API): for Pulumi YAML programs and `pulumi import`, which run
// the provider plugin bin/pulumi-resource-qstash exactly as a user's CLI does.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { projectDir } from "./stack.ts";

const execFileP = promisify(execFile);

export interface CliProject {
  dir: string;
  /** The installed package's bin folder, which holds pulumi-resource-qstash. */
  pluginDir: string;
  /** Run `pulumi <args>` in the project; rejects with stdout and stderr in the message. */
  pulumi(
    args: string[],
    opts?: { env?: NodeJS.ProcessEnv; timeoutMs?: number },
  ): Promise<{ stdout: string; stderr: string }>;
  /** Write Pulumi.yaml (YAML programs put their resources there). */
  writeProject(text: string): void;
  /** Everything the CLI printed so far, for the secrets audit. */
  output: string[];
  /** The raw state file of a stack. */
  stateText(stack?: string): string;
  dispose(): Promise<void>;
}

/**
 * A project folder and a private file backend; the plugin comes from the
 * installed package copy. `where.dir` puts the project elsewhere (a Node.js
 * program inside the installed copy's folder, so `pulumi-qstash` resolves).
 */
export function cliProject(
  name: string,
  env: NodeJS.ProcessEnv = {},
  where: { dir?: string } = {},
): CliProject {
  const pluginDir = join(projectDir(), "node_modules/pulumi-qstash/bin");
  const state = mkdtempSync(join(tmpdir(), `pq-${name}-`));
  const dir = where.dir ?? join(state, "project");
  mkdirSync(dir, { recursive: true });
  const output: string[] = [];
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${state}`,
    PULUMI_CONFIG_PASSPHRASE: "cli-project-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_HOME: join(state, ".pulumi-home"),
    // the plugin runs on this Node
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
    ...env,
  };
  return {
    dir,
    pluginDir,
    output,
    async pulumi(args, opts = {}) {
      try {
        const r = await execFileP("pulumi", args, {
          cwd: dir,
          env: { ...fullEnv, ...opts.env },
          maxBuffer: 64 * 1024 * 1024,
          timeout: opts.timeoutMs ?? 170_000,
        });
        output.push(r.stdout, r.stderr);
        return r;
      } catch (e) {
        const err = e as Error & { stdout?: string; stderr?: string };
        output.push(err.stdout ?? "", err.stderr ?? "");
        err.message += `\n--- stdout\n${err.stdout ?? ""}\n--- stderr\n${err.stderr ?? ""}`;
        throw err;
      }
    },
    writeProject(text) {
      writeFileSync(join(dir, "Pulumi.yaml"), text);
    },
    stateText(stack = "dev") {
      const project = /^name:\s*(\S+)/m.exec(readFileSync(join(dir, "Pulumi.yaml"), "utf8"))?.[1] ?? "";
      return readFileSync(join(state, ".pulumi/stacks", project, `${stack}.json`), "utf8");
    },
    async dispose() {
      if (where.dir) rmSync(where.dir, { recursive: true, force: true });
      rmSync(state, { recursive: true, force: true });
    },
  };
}
