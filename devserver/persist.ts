import { open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";

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
