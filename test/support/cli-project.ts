// A Pulumi project on disk driven by the real `pulumi` CLI (not the
// Automation API): for Pulumi YAML programs and `pulumi import`, which run
// the provider plugin bin/pulumi-resource-qstash exactly as a user's CLI does.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCommand } from "./command.ts";
import { projectDir } from "./stack.ts";

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
    pulumi(args, opts = {}) {
      return runCommand(
        "pulumi",
        args,
        { cwd: dir, env: { ...fullEnv, ...opts.env }, timeout: opts.timeoutMs ?? 170_000 },
        output,
      );
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
