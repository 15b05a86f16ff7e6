/**
 * A Next.js App Router route handler that only runs for genuine QStash deliveries.
 *
 * `verifySignatureAppRouter` reads the raw body from a clone of the request,
 * verifies the `Upstash-Signature` JWT with the keys in
 * `QSTASH_CURRENT_SIGNING_KEY` / `QSTASH_NEXT_SIGNING_KEY`, answers 401
 * (`{"error":"<code>"}`) for anything else, and hands this handler the
 * original request with its body still unread.
 */
import { verifySignatureAppRouter } from "pulumi-qstash/receiver";

/** The job QStash delivers; whatever the schedule or publisher put in the body. */
interface Job {
  task?: string;
  [key: string]: unknown;
}

// Node.js and Edge both work: the receiver only needs Web Crypto.
export const runtime = "nodejs";

export const POST = verifySignatureAppRouter(
  async (request: Request) => {
    const job = (await request.json()) as Job;
    // QStash retries until it gets a 2xx: make the work idempotent on the message id.
    const messageId = request.headers.get("upstash-message-id");
    return Response.json({ ok: true, messageId, task: job.task ?? null });
  },
  {
    // Optional: also check that the token was issued for this URL (the `sub`
    // claim). Only set it when you know the exact public URL QStash calls.
    url: process.env.QSTASH_ROUTE_URL || undefined,
  },
);
