/**
 * The devserver's one bounded log: entries numbered in arrival order, the
 * oldest dropped past `capacity`, in chunks (a tenth of the capacity), so the
 * cost of dropping stays amortised. The request log and the message log are
 * both this.
 */
export class BoundedLog<E extends { seq: number }> {
  protected items: E[] = [];
  private seq = 0;

  constructor(private readonly capacity = 10_000) {}

  /** Appends an entry, numbering it. */
  add(entry: Omit<E, "seq">): void {
    this.items.push({ seq: ++this.seq, ...entry } as E);
    if (this.items.length > this.capacity + Math.ceil(this.capacity / 10)) {
      this.items.splice(0, this.items.length - this.capacity);
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** The number of the newest entry ever added (0 when none). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Entries in arrival order, optionally only those after `sinceSeq`. */
  entries(sinceSeq = 0): E[] {
    return this.items.filter((e) => e.seq > sinceSeq);
  }

  /**
   * Entries older than `before` (a sequence number, exclusive), newest first, that pass
   * `keep`, at most `count`; `next` is the cursor of the following page, if any.
   */
  page(before: number, count: number, keep: (e: E) => boolean): { entries: E[]; next: number | undefined } {
    const entries: E[] = [];
    for (let i = this.indexBefore(before); i >= 0; i--) {
      const e = this.items[i]!;
      if (!keep(e)) continue;
      if (entries.length === count) return { entries, next: entries[entries.length - 1]!.seq };
      entries.push(e);
    }
    return { entries, next: undefined };
  }

  clear(): void {
    this.items = [];
  }

  /** Index of the newest entry whose seq is below `before` (binary search: seqs only grow). */
  private indexBefore(before: number): number {
    let lo = 0;
    let hi = this.items.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid]!.seq < before) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
