// Builds the package twice from one source: ESM (dist/esm) and CommonJS
// (dist/cjs), because a Pulumi TypeScript program is CommonJS by default while
// edge runtimes and modern Node apps import ESM. Dynamic providers must be
// CommonJS too: Pulumi serializes them with `require`.
//
// The build goes to a temporary folder that replaces dist/ in one rename, so a
// test or a provider process reading dist/ never sees it half-written.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc");
} catch {
  // Installed as a dependency without dev tools: dist ships prebuilt.
  process.exit(0);
}
// In a checkout (not an installed copy), link node_modules/pulumi-qstash to the
// checkout: the root Pulumi.yaml's dynamic providers start in the repo and
// `require("pulumi-qstash/...")` from there, exactly as in a user's project.
const self = join(root, "node_modules", "pulumi-qstash");
if (existsSync(join(root, "node_modules")) && !root.split(/[\\/]/).includes("node_modules")) {
  let linked = false;
  try {
    linked = lstatSync(self).isSymbolicLink();
  } catch {
    // missing
  }
  if (!linked) {
    rmSync(self, { recursive: true, force: true });
    symlinkSync("..", self, "dir");
  }
}

// The package's `imports` (`#crypto`, `#transport`: one module per runtime,
// picked by condition) name the built files of both builds, plus the sources
// under the `qstash-source` condition that only this repo's type-checker and
// tests set. Each build folder is its own package scope (its package.json sets
// the module type), so it gets the same map, narrowed to its own build and
// relative to itself.
const { imports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
function scoped(value, sub) {
  if (typeof value === "string") return value.replace(`./dist/${sub}/`, "./");
  const out = {};
  for (const [condition, target] of Object.entries(value)) {
    if (condition === "qstash-source") continue;
    if (condition === "import" || condition === "require") {
      if (condition === (sub === "esm" ? "import" : "require")) out.default = scoped(target, sub);
    } else {
      out[condition] = scoped(target, sub);
    }
  }
  return out;
}

/**
 * `deps/*.ts` re-export the provider's and the devserver's own dependencies
 * (zod, croner), which only the CommonJS build loads (see below). Their
 * output is replaced with a bundle that carries the
 * dependency inside it, so the published package lists neither: a handler
 * that installs pulumi-qstash for its receiver or client gets only undici.
 */
async function bundleDeps(sub) {
  const esbuild = await import("esbuild");
  for (const name of ["zod", "croner"]) {
    await esbuild.build({
      entryPoints: [join(root, "deps", `${name}.ts`)],
      outfile: join(tmp, sub, "deps", `${name}.js`),
      bundle: true,
      minify: true,
      legalComments: "inline",
      format: sub === "esm" ? "esm" : "cjs",
      platform: "node",
      target: "node22",
      logLevel: "warning",
    });
  }
}

/** Remove the .js files under `dir` (declarations stay). */
function removeJs(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith(".js")) rmSync(join(e.parentPath, e.name));
}

const tmp = join(root, `.dist-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
try {
  for (const [project, sub] of [
    ["tsconfig.build.json", "esm"],
    ["tsconfig.cjs.json", "cjs"],
  ]) {
    execFileSync(process.execPath, [tsc, "-p", join(root, project), "--outDir", join(tmp, sub)], {
      stdio: "inherit",
      cwd: root,
    });
    mkdirSync(join(tmp, sub), { recursive: true });
    if (sub === "cjs") await bundleDeps(sub);
    else removeJs(join(tmp, sub, "deps"));
    writeFileSync(
      join(tmp, sub, "package.json"),
      `${JSON.stringify({ type: sub === "cjs" ? "commonjs" : "module", imports: scoped(imports ?? {}, sub) }, null, 2)}\n`,
    );
  }
  // The provider and the devserver run on Node only, and the provider loads
  // @pulumi/pulumi, which is CommonJS: each part's ESM entry re-exports its
  // CommonJS build. A program that mixes import and require then has one copy
  // of each resource class, the missing-SDK check (provider/peer.ts) runs
  // before anything else, and the package ships their code once. Their ESM
  // declarations stay, for TypeScript's ESM resolution.
  for (const part of ["provider", "devserver"]) {
    const names = Object.keys(require(join(tmp, "cjs", part, "index.js"))).filter((k) => k !== "__esModule");
    removeJs(join(tmp, "esm", part));
    writeFileSync(
      join(tmp, "esm", part, "index.js"),
      `// This entry is the CommonJS build (see scripts/build.mjs).\nimport cjs from "../../cjs/${part}/index.js";\nexport const { ${names.join(", ")} } = cjs;\n`,
    );
  }
  const old = join(root, `.dist-old-${process.pid}`);
  try {
    renameSync(join(root, "dist"), old);
  } catch {
    // no previous build
  }
  renameSync(tmp, join(root, "dist"));
  rmSync(old, { recursive: true, force: true });
} catch (e) {
  rmSync(tmp, { recursive: true, force: true });
  throw e;
}
