import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Runs a script in a runtime (Node, Deno, Bun) from `cwd` and parses the
 * JSON line it prints last: how the runtime tests get a script's outcome.
 */
export async function runForJson<T>(command: string, args: string[], cwd: string): Promise<T> {
  const { stdout } = await run(command, args, { cwd, timeout: 60_000, maxBuffer: 16 << 20 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}
