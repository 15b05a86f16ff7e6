/**
 * An Express app whose QStash route verifies every delivery before it runs,
 * then hands the job's next step on with the client.
 *
 * `qstashExpress()` reads the raw body from the request stream (so no JSON
 * parser may run before it on this route), verifies it with
 * `QSTASH_CURRENT_SIGNING_KEY` / `QSTASH_NEXT_SIGNING_KEY` (on node:crypto,
 * which the package picks on Node by itself), and stores the verified
 * delivery as `req.qstash`. Bad or missing signatures get a 401. With a next
 * step URL (`NEXT_STEP_URL`), the route enqueues the follow-up with
 * `QSTASH_TOKEN` (and `QSTASH_URL` for a devserver).
 */
import express, { type Request } from "express";
import { Client } from "pulumi-qstash/client";
import { type NodeAdapterOptions, qstashExpress, type VerifiedDelivery } from "pulumi-qstash/receiver";

/** Keys and options; by default the adapter reads the QSTASH_*_SIGNING_KEY env vars. */
export type AppOptions = NodeAdapterOptions & {
  /** Where each job's next step goes; default `NEXT_STEP_URL`, none when unset. */
  nextStepUrl?: string | undefined;
};

export function createApp(options: AppOptions = {}): express.Express {
  const app = express();
  const { nextStepUrl = process.env.NEXT_STEP_URL, ...verifyOptions } = options;
  let client: Client | undefined; // created on first use: QSTASH_TOKEN and QSTASH_URL from the environment

  app.post("/api/qstash", qstashExpress(verifyOptions), async (req, res, next) => {
    try {
      const delivery = (req as Request & { qstash: VerifiedDelivery }).qstash;
      const job = JSON.parse(delivery.body) as { task?: string; step?: number };
      let enqueued: string | null = null;
      if (nextStepUrl) {
        client ??= new Client();
        const sent = await client.enqueueJSON({
          queueName: process.env.NEXT_STEP_QUEUE ?? "next-steps",
          url: nextStepUrl,
          body: { task: job.task ?? null, step: (job.step ?? 0) + 1, after: delivery.messageId ?? null },
          // A retried delivery enqueues the next step once.
          ...(delivery.messageId ? { deduplicationId: `next-${delivery.messageId}` } : {}),
        });
        enqueued = sent.messageId;
      }
      res.json({
        ok: true,
        messageId: delivery.messageId,
        retried: delivery.retried,
        task: job.task ?? null,
        next: enqueued,
      });
    } catch (error) {
      next(error);
    }
  });

  // Other routes can use body parsers as usual; only the QStash route needs the raw body.
  app.use(express.json());
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}
