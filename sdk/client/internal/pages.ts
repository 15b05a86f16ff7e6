/**
 * Every item of a cursor-paged list: fetches the first page, then the page after each
 * returned cursor, until a page comes back without one.
 *
 * @example
 * ```ts
 * for await (const m of allPages((cursor) => dlq.listMessages({ cursor }), (p) => p.messages)) { ... }
 * ```
 */
export async function* allPages<P extends { cursor?: string }, T>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  itemsOf: (page: P) => T[],
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* itemsOf(page);
    cursor = page.cursor;
  } while (cursor);
}
