/**
 * A Cloudflare Worker that handles genuine QStash deliveries and hands the
 * work on: it verifies each delivery, then enqueues the next step with the
 * client, all inside the Worker.
 *
 * `verifySignatureCloudflare` reads the keys from the `QSTASH_CURRENT_SIGNING_KEY`
 * and `QSTASH_NEXT_SIGNING_KEY` bindings (`wrangler secret put ...`), verifies
 * the raw body with Web Crypto, and answers 401 for anything else. The
 * client publishes with `fetch` (its transport outside Node) using the
 * `QSTASH_TOKEN` secret and, when set, `QSTASH_URL`. The bundle contains no
 * Node code: both entries are edge-safe.
 */
import { Client } from "pulumi-qstash/client";
import { verifySignatureCloudflare } from "pulumi-qstash/receiver";

export interface Env {
  QSTASH_CURRENT_SIGNING_KEY: string;
  QSTASH_NEXT_SIGNING_KEY: string;
  /** Token for publishing the next step. */
  QSTASH_TOKEN: string;
  /** API base URL; omit for QStash itself (a devserver's URL in local runs). */
  QSTASH_URL?: string;
  /** Where the next step is delivered; without it the worker only handles deliveries. */
  NEXT_STEP_URL?: string;
  /** Queue the next step goes through (default `next-steps`). */
  NEXT_STEP_QUEUE?: string;
}

/** The part of the Workers `ExecutionContext` this worker uses. */
export interface Ctx {
  waitUntil(promise: Promise<unknown>): void;
}

interface Job {
  task?: string;
  step?: number;
}

export default {
  fetch: verifySignatureCloudflare<Env, Ctx>(async (request, env) => {
    if (request.method !== "POST") return new Response("method not allowed", { status: 405 });
    const job = (await request.json()) as Job;
    const messageId = request.headers.get("upstash-message-id");
    let next: string | null = null;
    if (env.NEXT_STEP_URL) {
      const client = new Client({
        token: env.QSTASH_TOKEN,
        ...(env.QSTASH_URL ? { baseUrl: env.QSTASH_URL } : {}),
      });
      // A deduplication id from this delivery's id: a retried delivery enqueues the next step once.
      const { messageId: id } = await client.enqueueJSON({
        queueName: env.NEXT_STEP_QUEUE ?? "next-steps",
        url: env.NEXT_STEP_URL,
        body: { task: job.task ?? null, step: (job.step ?? 0) + 1, after: messageId },
        ...(messageId ? { deduplicationId: `next-${messageId}` } : {}),
      });
      next = id;
    }
    return Response.json({ ok: true, messageId, task: job.task ?? null, next, runtime: navigator.userAgent });
  }),
};
