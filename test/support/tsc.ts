// Compiles a consumer project with the repository's TypeScript, as a user's
// `tsc -p` would: writes its tsconfig.json, type-checks without emitting, and
// returns the files tsc read (`--listFiles`), so a test can see which of the
// package's declarations a resolution reached. A consumer project passes its
// own installed tsc.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const tsc = join(import.meta.dirname, "..", "..", "node_modules", "typescript", "bin", "tsc");

export async function compileProject(dir: string, tsconfig: unknown, compiler = tsc): Promise<string> {
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
  try {
    const { stdout } = await run(process.execPath, [compiler, "-p", dir, "--listFiles"], { cwd: dir });
    return stdout;
  } catch (e) {
    throw new Error(`tsc failed:\n${(e as { stdout?: string }).stdout}`);
  }
}
