// What users install, installed as they install it: the tarball `npm pack`
// makes of this repository, put into a consumer project in the OS temp folder
// with its own node_modules. Nothing may resolve from the repository or from
// a folder above the consumer: Node and TypeScript both look for node_modules
// in every parent folder, so a stray one there (left by some earlier install)
// would let a broken package pass. The consumer refuses to start then.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, parse } from "node:path";
import { promisify } from "node:util";
import { runCommand } from "./command.ts";

const run = promisify(execFile);
export const repoRoot = join(import.meta.dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
};

/** The package's version, as the tarball carries it. */
export const packageVersion = pkg.version;

/** The exact version of a devDependency this repository tests against. */
export function devVersion(name: string): string {
  const v = pkg.devDependencies[name];
  if (!v) throw new Error(`${name} is not a devDependency`);
  return v;
}

/**
 * The `npm pack` tarball of the built package (dist/ as the last build left
 * it). Packed once per build: test files in parallel processes share it
 * through a folder named for the build, the first to arrive packs.
 */
export async function packedTarball(): Promise<string> {
  const dist = join(repoRoot, "dist");
  if (!existsSync(dist)) throw new Error("dist/ is missing: run `npm run build` (npm test builds first)");
  const key = createHash("sha256")
    .update(`${repoRoot}\0${statSync(dist).mtimeMs}\0${statSync(join(repoRoot, "package.json")).mtimeMs}`)
    .digest("hex")
    .slice(0, 16);
  const dir = join(tmpdir(), `pulumi-qstash-pack-${key}`);
  const tarball = join(dir, `pulumi-qstash-${packageVersion}.tgz`);
  const lock = `${dir}.lock`;
  for (let waited = 0; !existsSync(tarball); waited += 250) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 120_000)
        throw new Error(`timed out waiting for ${lock} (remove it if no test is packing)`);
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      mkdirSync(dir, { recursive: true });
      // the build already ran: `prepare` would only build again
      await run("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], {
        cwd: repoRoot,
        env: npmEnv(),
        maxBuffer: 16 * 1024 * 1024,
      });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return tarball;
}

/** The first folder above `dir` that holds a node_modules, if any. */
export function nodeModulesAbove(dir: string): string | undefined {
  let at = dirname(dir);
  for (;;) {
    const nm = join(at, "node_modules");
    if (existsSync(nm)) return nm;
    if (at === parse(at).root) return undefined;
    at = dirname(at);
  }
}

/** npm's environment for a consumer: no NODE_PATH, no project config leaking in. */
function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_audit: "false", npm_config_fund: "false" };
  delete env.NODE_PATH;
  for (const k of Object.keys(env))
    if (k.startsWith("npm_package_") || k === "npm_config_prefix") delete env[k];
  return { ...env, ...extra };
}

export interface Consumer {
  dir: string;
  /** Run a command in the consumer folder; rejects with its output in the message. */
  run(
    file: string,
    args: string[],
    opts?: { env?: NodeJS.ProcessEnv; timeout?: number },
  ): Promise<{ stdout: string; stderr: string }>;
  /** `npm install <args>` in the consumer. */
  npm(args: string[]): Promise<{ stdout: string; stderr: string }>;
  write(file: string, text: string): void;
  /** Every package folder in node_modules (scoped ones as `@scope/name`), and their bytes on disk. */
  footprint(): { packages: string[]; bytes: number };
  dispose(): void;
}

/**
 * A consumer project `<tmp>/pq-consumer-XXXX/<name>` with the given
 * package.json. Refuses to start when a node_modules exists above it.
 */
export function consumerProject(name: string, packageJson: Record<string, unknown> = {}): Consumer {
  const base = mkdtempSync(join(tmpdir(), "pq-consumer-"));
  const dir = join(base, name);
  mkdirSync(dir);
  const stray = nodeModulesAbove(dir);
  if (stray) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(
      `${stray} exists above the consumer folder: packages there would resolve for the consumer and hide a ` +
        "broken install. Remove it (a new machine has none).",
    );
  }
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name, version: "1.0.0", private: true, ...packageJson }, null, 2)}\n`,
  );
  const self: Consumer = {
    dir,
    run(file, args, opts = {}) {
      return runCommand(file, args, { cwd: dir, env: npmEnv(opts.env), timeout: opts.timeout ?? 300_000 });
    },
    npm(args) {
      return self.run("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], { timeout: 600_000 });
    },
    write(file, text) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    },
    footprint() {
      const nm = join(dir, "node_modules");
      const packages: string[] = [];
      const walk = (at: string) => {
        for (const e of readdirSync(at, { withFileTypes: true })) {
          if (!e.isDirectory() || e.name.startsWith(".")) continue;
          const p = join(at, e.name);
          if (e.name.startsWith("@")) {
            for (const s of readdirSync(p, { withFileTypes: true }))
              if (s.isDirectory()) {
                packages.push(`${e.name}/${s.name}`);
                const nested = join(p, s.name, "node_modules");
                if (existsSync(nested)) walk(nested);
              }
          } else {
            packages.push(e.name);
            const nested = join(p, "node_modules");
            if (existsSync(nested)) walk(nested);
          }
        }
      };
      if (existsSync(nm)) walk(nm);
      return { packages: packages.sort(), bytes: existsSync(nm) ? diskBytes(nm) : 0 };
    },
    dispose() {
      rmSync(base, { recursive: true, force: true });
    },
  };
  return self;
}

/** Bytes of every file under `at` (symlinks not followed), as `du --apparent-size` counts. */
export function diskBytes(at: string): number {
  let total = 0;
  for (const e of readdirSync(at, { withFileTypes: true })) {
    const p = join(at, e.name);
    if (e.isDirectory()) total += diskBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}
