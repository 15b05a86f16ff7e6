// One way to run a command in the tests' helpers: stdout and stderr go into
// the error's message when it fails (so a failing CLI step says why), and,
// when `output` is given, every run's streams are kept there for the secrets
// audit.
import { type ExecFileOptions, execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** `execFile` with a 64 MB buffer; rejects with the command's stdout and stderr in the message. */
export async function runCommand(
  file: string,
  args: string[],
  options: ExecFileOptions,
  output?: string[],
): Promise<{ stdout: string; stderr: string }> {
  try {
    const r = await run(file, args, { maxBuffer: 64 * 1024 * 1024, ...options, encoding: "utf8" });
    output?.push(r.stdout, r.stderr);
    return r;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    output?.push(err.stdout ?? "", err.stderr ?? "");
    err.message += `\n--- stdout\n${err.stdout ?? ""}\n--- stderr\n${err.stderr ?? ""}`;
    throw err;
  }
}
