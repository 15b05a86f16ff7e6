/**
 * A Cloudflare Worker that only handles genuine QStash deliveries.
 *
 * `verifySignatureCloudflare` reads the keys from the `QSTASH_CURRENT_SIGNING_KEY`
 * and `QSTASH_NEXT_SIGNING_KEY` bindings (`wrangler secret put ...`), verifies
 * the raw body with Web Crypto, and answers 401 for anything else. The bundle
 * contains no Node code: the receiver entry is edge-safe.
 */
import { verifySignatureCloudflare } from "pulumi-qstash/receiver";

export interface Env {
  QSTASH_CURRENT_SIGNING_KEY: string;
  QSTASH_NEXT_SIGNING_KEY: string;
}

/** The part of the Workers `ExecutionContext` this worker uses. */
export interface Ctx {
  waitUntil(promise: Promise<unknown>): void;
}

export default {
  fetch: verifySignatureCloudflare<Env, Ctx>(async (request) => {
    if (request.method !== "POST") return new Response("method not allowed", { status: 405 });
    const job = (await request.json()) as { task?: string };
    return Response.json({
      ok: true,
      messageId: request.headers.get("upstash-message-id"),
      task: job.task ?? null,
      runtime: navigator.userAgent,
    });
  }),
};
