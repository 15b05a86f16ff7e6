import { bulk, type CommonFilter, selection } from "./internal/filters.js";
import { allPages } from "./internal/pages.js";
import { segment } from "./internal/path.js";
import { request } from "./internal/request.js";
import { Resource } from "./internal/resource.js";
import * as shape from "./internal/shapes.js";
import type { DlqMessage } from "./responses.js";
import type { CallOptions } from "./types.js";

export type { DlqMessage } from "./responses.js";

/** DLQ filters: the common ones plus the message id and the last response's status. */
export type DlqFilter = CommonFilter & { messageId?: string; responseStatus?: number };

/** `listMessages` options: a page of ids, or a filtered page after `cursor`. */
export type DlqListRequest = { count?: number } & (
  | { dlqIds: string | string[] }
  | { filter?: DlqFilter; cursor?: string }
);

/** What `delete` and `retry` act on besides one id: ids, a filter, or everything (paged by `cursor`). */
export type DlqBulkRequest =
  | { dlqIds: string | string[] }
  | { filter: DlqFilter; count?: number; cursor?: string }
  | { all: true; count?: number; cursor?: string };

export interface DlqListResponse {
  messages: DlqMessage[];
  /** Absent on the last page. */
  cursor?: string;
}

function cursorOf(cursor: string | undefined): { cursor?: string } {
  // QStash answers "" on a retry's last page; the official SDK turns it into undefined.
  return cursor ? { cursor } : {};
}

/**
 * The dead-letter queue: messages whose retries ran out. Reach it as `client.dlq`.
 *
 * @example
 * ```ts
 * for await (const m of client.dlq.iterate({ filter: { url: "http://127.0.0.1:3000/hook" } })) {
 *   console.log(m.dlqId, m.responseStatus);
 * }
 * ```
 */
export class DLQ extends Resource {
  /**
   * One page of DLQ entries, newest first; pass the returned `cursor` for the next.
   *
   * @example
   * ```ts
   * const { messages, cursor } = await client.dlq.listMessages({ filter: { label: ["a", "b"] } });
   * ```
   */
  async listMessages(req: DlqListRequest = {}, opts?: CallOptions): Promise<DlqListResponse> {
    const q = selection(req, "dlqIds", false);
    const page = await request(this.http, "GET", `/v2/dlq${q}`, opts, { expect: shape.dlqPage });
    return { messages: page.messages, ...cursorOf(page.cursor) };
  }

  /**
   * Every entry that matches, page after page.
   *
   * @example
   * ```ts
   * const all = [];
   * for await (const m of client.dlq.iterate()) all.push(m);
   * ```
   */
  iterate(
    req: { filter?: DlqFilter; count?: number } = {},
    opts?: CallOptions,
  ): AsyncGenerator<DlqMessage, void, undefined> {
    return allPages(
      (cursor) => this.listMessages({ ...req, ...(cursor ? { cursor } : {}) }, opts),
      (page) => page.messages,
    );
  }

  /**
   * One entry by its dlqId. Throws `NotFoundError` once it is gone.
   *
   * @example
   * ```ts
   * const m = await client.dlq.get("1725323658779-0");
   * ```
   */
  async get(dlqId: string, opts?: CallOptions): Promise<DlqMessage> {
    return request(this.http, "GET", `/v2/dlq/${segment(dlqId, "dlqId")}`, opts, {
      expect: shape.dlqMessage,
    });
  }

  /**
   * Remove one entry (a `NotFoundError` if it is already gone), several by id, those
   * matching a filter, or all; a filtered or `all` delete handles `count` per call and
   * returns a `cursor` while more remain.
   *
   * @example
   * ```ts
   * let cursor: string | undefined;
   * do ({ cursor } = await client.dlq.delete({ all: true, cursor })); while (cursor);
   * ```
   */
  async delete(
    req: string | string[] | DlqBulkRequest,
    opts?: CallOptions,
  ): Promise<{ deleted: number; cursor?: string }> {
    if (typeof req === "string") {
      await request(this.http, "DELETE", `/v2/dlq/${segment(req, "dlqId")}`, opts, { goneIsDone: true });
      return { deleted: 1 };
    }
    const res = await bulk(this.http, "DELETE", "/v2/dlq", "dlqIds", req, opts, shape.dlqDeleted);
    return res ? { deleted: res.deleted, ...cursorOf(res.cursor) } : { deleted: 0 };
  }

  /**
   * Remove several entries by id.
   *
   * @deprecated Use `delete`, as in the official SDK.
   * @example
   * ```ts
   * await client.dlq.deleteMany({ dlqIds: ["1725323658779-0"] });
   * ```
   */
  deleteMany(req: { dlqIds: string[] }, opts?: CallOptions): Promise<{ deleted: number; cursor?: string }> {
    return this.delete(req, opts);
  }

  /**
   * Deliver entries again: each becomes a new message (same body and headers) and leaves
   * the DLQ. Never retried by the client itself: a repeat would deliver twice.
   *
   * @example
   * ```ts
   * const { responses } = await client.dlq.retry(dlqId); // [{ messageId }]
   * ```
   */
  async retry(
    req: string | string[] | DlqBulkRequest,
    opts?: CallOptions,
  ): Promise<{ cursor?: string; responses: { messageId: string }[] }> {
    const r = typeof req === "string" ? [req] : req;
    const res = await bulk(this.http, "POST", "/v2/dlq/retry", "dlqIds", r, opts, shape.dlqRetried);
    if (!res) return { responses: [] };
    return { responses: res.responses.map((x) => ({ messageId: x.messageId })), ...cursorOf(res.cursor) };
  }
}
