import { open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * The data file cannot be used: it is not valid JSON, or it cannot be written.
 * `startDevServer` throws it before listening, so a server that answers is one
 * whose acknowledged changes reach the disk.
 *
 * @example
 * ```ts
 * try {
 *   await startDevServer({ dataFile: "/missing/dir/state.json" });
 * } catch (e) {
 *   if (e instanceof DataFileError) console.error(e.file, e.problem);
 * }
 * ```
 */
export class DataFileError extends Error {
  override readonly name = "DataFileError";
  constructor(
    /** The path as given (`dataFile`, `--data`). */
    readonly file: string,
    /** What is wrong, e.g. `cannot be written: directory /x does not exist (ENOENT)`. */
    readonly problem: string,
  ) {
    super(`dataFile ${JSON.stringify(file)} ${problem}`);
  }
}

/** Why writing `file` failed, in words that name the file or its directory rather than the temp file. */
export function writeFailure(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const dir = dirname(file);
  const words: Record<string, string> = {
    ENOENT: `directory ${dir} does not exist`,
    ENOTDIR: `${dir} is not a directory`,
    EACCES: `permission denied in ${dir}`,
    EPERM: `permission denied in ${dir}`,
    EISDIR: `${file} is a directory`,
    EROFS: `${dir} is on a read-only file system`,
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
  };
  const said = code ? words[code] : undefined;
  if (said) return `${said} (${code})`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Writes `data` so that a crash at any point leaves either the old file or the new one:
 * write a temp file beside it, fsync it, rename over the target, fsync the directory.
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fh = await open(tmp, "w", 0o600);
  try {
    await fh.writeFile(data, "utf8");
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  try {
    const dir = await open(dirname(file), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic.
  }
}

/**
 * Coalesces saves: every `save()` resolves only after a write that started after it was
 * called has reached the disk, and concurrent callers share one write.
 */
export class Persister {
  private requested = 0;
  private written = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => string,
  ) {}

  async save(): Promise<void> {
    const mine = ++this.requested;
    while (this.written < mine) {
      if (!this.running) {
        const target = this.requested;
        this.running = writeFileAtomic(this.file, this.snapshot())
          .then(() => {
            this.written = Math.max(this.written, target);
          })
          .finally(() => {
            this.running = undefined;
          });
      }
      await this.running;
    }
  }
}
