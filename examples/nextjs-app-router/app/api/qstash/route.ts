/**
 * A Next.js App Router route handler that only runs for genuine QStash
 * deliveries, and hands each job's next step on with the client.
 *
 * `verifySignatureAppRouter` reads the raw body from a clone of the request,
 * verifies the `Upstash-Signature` JWT with the keys in
 * `QSTASH_CURRENT_SIGNING_KEY` / `QSTASH_NEXT_SIGNING_KEY`, answers 401
 * (`{"error":"<code>"}`) for anything else, and hands this handler the
 * original request with its body still unread. With `NEXT_STEP_URL` set, the
 * handler enqueues the next step with `QSTASH_TOKEN` (and `QSTASH_URL` for a
 * devserver).
 */
import { Client } from "pulumi-qstash/client";
import { verifySignatureAppRouter } from "pulumi-qstash/receiver";

/** The job QStash delivers; whatever the schedule or publisher put in the body. */
interface Job {
  task?: string;
  step?: number;
  [key: string]: unknown;
}

// Node.js and Edge both work: the receiver needs only Web Crypto (node:crypto on
// Node, picked by the package), and the client sends with fetch on the edge.
export const runtime = "nodejs";

let client: Client | undefined; // one per server instance, created on first use

export const POST = verifySignatureAppRouter(
  async (request: Request) => {
    const job = (await request.json()) as Job;
    // QStash retries until it gets a 2xx: make the work idempotent on the message id.
    const messageId = request.headers.get("upstash-message-id");
    let next: string | null = null;
    const nextStepUrl = process.env.NEXT_STEP_URL;
    if (nextStepUrl) {
      client ??= new Client();
      const sent = await client.enqueueJSON({
        queueName: process.env.NEXT_STEP_QUEUE ?? "next-steps",
        url: nextStepUrl,
        body: { task: job.task ?? null, step: (job.step ?? 0) + 1, after: messageId },
        // A retried delivery enqueues the next step once.
        ...(messageId ? { deduplicationId: `next-${messageId}` } : {}),
      });
      next = sent.messageId;
    }
    return Response.json({ ok: true, messageId, task: job.task ?? null, next });
  },
  {
    // Optional: also check that the token was issued for this URL (the `sub`
    // claim). Only set it when you know the exact public URL QStash calls.
    url: process.env.QSTASH_ROUTE_URL || undefined,
  },
);
