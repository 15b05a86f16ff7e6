import type { PreviewResult, PulumiFn, Stack, UpResult } from "@pulumi/pulumi/automation/index.js";

export declare const repoRoot: string;
export declare function pulumiVersion(): string;
export declare function projectDir(): string;
export declare function loadProgram<T = (args: any) => PulumiFn>(name: string): T;

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
  /** Folder the dynamic-provider process starts in (must resolve pulumi-qstash); default test/e2e/.work/project. */
  projectDir?: string;
  /** The project's `plugins` setting, e.g. the provider plugin's folder. */
  plugins?: { providers?: { name: string; path: string }[] };
}

export declare function createStack(opts: StackOptions): Promise<TestStack>;
