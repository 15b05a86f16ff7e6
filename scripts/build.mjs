// Builds the package twice from one source: ESM (dist/esm) and CommonJS
// (dist/cjs), because a Pulumi TypeScript program is CommonJS by default while
// edge runtimes and modern Node apps import ESM. Dynamic providers must be
// CommonJS too: Pulumi serializes them with `require`.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
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
rmSync(join(root, "dist"), { recursive: true, force: true });
for (const project of ["tsconfig.build.json", "tsconfig.cjs.json"]) {
  execFileSync(process.execPath, [tsc, "-p", join(root, project)], { stdio: "inherit", cwd: root });
}
mkdirSync(join(root, "dist/cjs"), { recursive: true });
writeFileSync(join(root, "dist/cjs/package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
writeFileSync(join(root, "dist/esm/package.json"), `${JSON.stringify({ type: "module" })}\n`);
