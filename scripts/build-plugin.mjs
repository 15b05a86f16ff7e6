// `npm run build:plugin`: the provider plugin as Pulumi installs plugins, one
// tarball per OS and architecture:
//   dist/plugin/pulumi-resource-qstash-v<version>-<os>-<arch>.tar.gz
// each holding one esbuild bundle of provider/plugin/main.ts with every
// dependency inlined (gRPC, protobuf, Pulumi's generated protocol code, zod,
// croner, undici), a `sh` launcher and, for Windows, a `.cmd` launcher (the
// CLI probes `.exe` and `.cmd` there). `node` >= 22 on PATH is the one
// requirement; see ARCHITECTURE.md for why Node is not embedded.
//
// Build setting: PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL, the schema's
// pluginDownloadURL (default: derived from package.json `repository`).
//
// Usage: node scripts/build-plugin.mjs [--out DIR] [--only linux-amd64,...]
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import * as tar from "tar";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PLATFORMS = ["linux", "darwin", "windows"].flatMap((os) => ["amd64", "arm64"].map((a) => `${os}-${a}`));
const { values } = parseArgs({
  options: { out: { type: "string" }, only: { type: "string" } },
});
const out = resolve(values.out ?? join(root, "dist/plugin"));
const only = values.only ? values.only.split(",") : PLATFORMS;
for (const p of only) if (!PLATFORMS.includes(p)) throw new Error(`--only: unknown platform ${p}`);

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const downloadURL = process.env.PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL ?? "";
const NAME = "pulumi-resource-qstash";
/** The Node-only entries' floor, declared once in sdk/node-version.ts. */
const NODE_MINIMUM = /export const NODE_MINIMUM = "([\d.]+)";/.exec(
  readFileSync(join(root, "sdk/node-version.ts"), "utf8"),
)?.[1];
if (!NODE_MINIMUM) throw new Error("NODE_MINIMUM not found in sdk/node-version.ts");

/**
 * provider/peer.ts stops the npm package's provider where the program has no
 * @pulumi/pulumi; the bundle carries its own gRPC stack and needs no program
 * SDK, so the check is left out of it (not left to `sideEffects` tree-shaking).
 */
const noPeerCheck = {
  name: "no-peer-check",
  setup(b) {
    b.onLoad({ filter: /[\\/]provider[\\/]peer\.ts$/ }, () => ({
      contents: "// the bundle needs no program SDK\nexport {};\n",
      loader: "ts",
    }));
  },
};

const result = await build({
  entryPoints: [join(root, "provider/plugin/main.ts")],
  bundle: true,
  write: false,
  platform: "node",
  target: "node22",
  format: "cjs",
  // the source side of the package's `#crypto` / `#transport` imports
  conditions: ["qstash-source"],
  minify: true,
  keepNames: true,
  legalComments: "eof",
  metafile: true,
  plugins: [noPeerCheck],
  logLevel: "warning",
  define: {
    PULUMI_QSTASH_PACKAGE: JSON.stringify({ version: pkg.version, repository: pkg.repository }),
    PULUMI_QSTASH_PLUGIN_DOWNLOAD_URL: JSON.stringify(downloadURL),
  },
  banner: {
    // the floor of sdk/node-version.ts, checked before any bundled module loads (a bundler
    // drops the entries' `import "./node-guard.js"`: the package says it has no side effects)
    js: `{const w=${JSON.stringify(NODE_MINIMUM.split(".").map(Number))},h=process.versions.node.split(".").map(Number);if((h[0]-w[0]||h[1]-w[1]||h[2]-w[2])<0){console.error("\\n${NAME}: needs Node.js >= ${NODE_MINIMUM} on PATH, found "+process.versions.node);process.exit(1)}}`,
  },
  outfile: join(out, `${NAME}.cjs`),
});

// Self-contained: every input is our source or a package inlined from node_modules,
// and nothing but Node's built-ins is left to resolve at run time.
const inputs = Object.keys(result.metafile.inputs);
const outside = inputs.filter((i) => relative(root, resolve(root, i)).startsWith(".."));
const pulumiRuntime = inputs.filter((i) => /@pulumi\/pulumi\/(?!proto\/)/.test(i));
const unresolved = Object.values(result.metafile.outputs).flatMap((o) =>
  o.imports
    .filter((i) => i.external && !i.path.startsWith("node:") && !builtinModules.includes(i.path))
    .map((i) => i.path),
);
if (outside.length || pulumiRuntime.length || unresolved.length) {
  throw new Error(
    `the plugin bundle is not self-contained: ${JSON.stringify({ outside, pulumiRuntime, unresolved })}`,
  );
}
const bundle = result.outputFiles[0].contents;
// and nothing in the output asks Node for a module by name besides its built-ins
const named = [
  ...new Set(
    Buffer.from(bundle)
      .toString("utf8")
      .match(/require(?:\.resolve)?\("[^"]*"\)/g) ?? [],
  ),
]
  .map((r) => r.slice(r.indexOf('"') + 1, -2))
  .filter((m) => !m.startsWith("node:") && !builtinModules.includes(m));
if (named.length) throw new Error(`the plugin bundle still requires ${named.join(", ")} at run time`);

const launcher = `#!/bin/sh
# ${NAME} ${pkg.version}: the QStash provider plugin for Pulumi, run by Node.js >= ${NODE_MINIMUM} from PATH.
command -v node >/dev/null 2>&1 || { echo "${NAME}: Node.js >= ${NODE_MINIMUM} must be on PATH" >&2; exit 1; }
exec node "$(dirname "$0")/${NAME}.cjs" "$@"
`;
const cmd = [
  "@echo off",
  `rem ${NAME} ${pkg.version}: the QStash provider plugin for Pulumi, run by Node.js >= ${NODE_MINIMUM} from PATH.`,
  `where node >nul 2>nul || (echo ${NAME}: Node.js ^>= ${NODE_MINIMUM} must be on PATH 1>&2 & exit /b 1)`,
  `node "%~dp0${NAME}.cjs" %*`,
  "",
].join("\r\n");

mkdirSync(out, { recursive: true });
const sizes = {};
const staging = mkdtempSync(join(tmpdir(), "pulumi-qstash-plugin-"));
try {
  for (const platform of only) {
    const [os] = platform.split("-");
    const files = [
      { name: NAME, mode: 0o755, data: Buffer.from(launcher) },
      ...(os === "windows" ? [{ name: `${NAME}.cmd`, mode: 0o755, data: Buffer.from(cmd) }] : []),
      { name: `${NAME}.cjs`, mode: 0o644, data: bundle },
    ];
    const dir = join(staging, platform);
    mkdirSync(dir);
    for (const f of files) {
      writeFileSync(join(dir, f.name), f.data);
      chmodSync(join(dir, f.name), f.mode); // exact, whatever the umask
    }
    const file = join(out, `${NAME}-v${pkg.version}-${platform}.tar.gz`);
    rmSync(file, { force: true });
    // portable, fixed time: the same sources give the same bytes
    await tar.create(
      { file, cwd: dir, gzip: { level: 9 }, portable: true, mtime: new Date(0), noDirRecurse: true },
      files.map((f) => f.name),
    );
    sizes[relative(root, file)] = statSync(file).size;
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.error(`[build-plugin] bundle ${kib(bundle.length)} (${inputs.length} inputs)`);
for (const [f, n] of Object.entries(sizes)) console.error(`[build-plugin] ${f} ${kib(n)}`);
if (downloadURL) console.error(`[build-plugin] pluginDownloadURL ${downloadURL}`);
