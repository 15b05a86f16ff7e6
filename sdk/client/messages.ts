import { bulk, type CommonFilter, type HostPathFilter } from "./internal/filters.js";
import { segment } from "./internal/path.js";
import { request } from "./internal/request.js";
import { Resource } from "./internal/resource.js";
import * as shape from "./internal/shapes.js";
import type { Message } from "./responses.js";
import type { CallOptions } from "./types.js";

export type { Message } from "./responses.js";

/** Filters of a bulk cancel (at least one). */
export type MessageFilter = CommonFilter & HostPathFilter;

/**
 * What `messages.cancel` accepts besides one id: ids, a filter, or everything. `count`
 * caps how many one call cancels (the official SDK's default, 100, when omitted).
 */
export type MessageCancelRequest =
  | { messageIds: string[] }
  | { filter: MessageFilter; count?: number }
  | { all: true; count?: number };

/**
 * Messages in flight: read one, cancel one or many. Reach it as `client.messages`.
 *
 * @example
 * ```ts
 * const m = await client.messages.get("msg_123");
 * await client.messages.cancel({ filter: { label: "nightly" } });
 * ```
 */
export class Messages extends Resource {
  /**
   * A message that is not yet delivered (QStash drops delivered ones shortly after).
   *
   * @example
   * ```ts
   * const { url, maxRetries } = await client.messages.get(messageId);
   * ```
   */
  async get(messageId: string, opts?: CallOptions): Promise<Message> {
    return request(this.http, "GET", `/v2/messages/${segment(messageId, "messageId")}`, opts, {
      expect: shape.message,
    });
  }

  /**
   * Cancel one message by id, several by ids, those matching a filter, or all
   * (`{ all: true }`); resolves with how many were cancelled. Loop while it is non-zero
   * to cancel more than `count`. A bulk cancel whose first attempt may have
   * reached QStash (5xx, timeout, dropped connection) is not repeated, since
   * the repeat's count would leave out what that attempt cancelled: it fails
   * and you call again.
   *
   * @example
   * ```ts
   * await client.messages.cancel("msg_123"); // { cancelled: 1 }
   * await client.messages.cancel({ filter: { flowControlKey: ["a", "b"] }, count: 50 });
   * ```
   */
  async cancel(
    req: string | string[] | MessageCancelRequest,
    opts?: CallOptions,
  ): Promise<{ cancelled: number }> {
    if (typeof req === "string") {
      return request(this.http, "DELETE", `/v2/messages/${segment(req, "messageId")}`, opts, {
        expect: shape.cancelled,
        goneIsDone: true,
        gone: { cancelled: 1 },
      });
    }
    const res = await bulk(this.http, "DELETE", "/v2/messages", "messageIds", req, opts, shape.cancelled);
    return res ?? { cancelled: 0 };
  }

  /**
   * Cancel one message.
   *
   * @deprecated Use `cancel(messageId)`, as in the official SDK.
   * @example
   * ```ts
   * await client.messages.delete("msg_123");
   * ```
   */
  async delete(messageId: string, opts?: CallOptions): Promise<void> {
    await this.cancel(messageId, opts);
  }

  /**
   * Cancel several messages; resolves with how many were cancelled.
   *
   * @deprecated Use `cancel(messageIds)`.
   * @example
   * ```ts
   * const n = await client.messages.deleteMany(["msg_1", "msg_2"]);
   * ```
   */
  async deleteMany(messageIds: string[], opts?: CallOptions): Promise<number> {
    return (await this.cancel(messageIds, opts)).cancelled;
  }

  /**
   * Cancel all messages (at most the default count of 100 per call).
   *
   * @deprecated Use `cancel({ all: true })`.
   * @example
   * ```ts
   * const n = await client.messages.deleteAll();
   * ```
   */
  async deleteAll(opts?: CallOptions): Promise<number> {
    return (await this.cancel({ all: true }, opts)).cancelled;
  }
}
