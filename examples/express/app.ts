/**
 * An Express app whose QStash route verifies every delivery before it runs.
 *
 * `qstashExpress()` reads the raw body from the request stream (so no JSON
 * parser may run before it on this route), verifies it with
 * `QSTASH_CURRENT_SIGNING_KEY` / `QSTASH_NEXT_SIGNING_KEY`, and stores the
 * verified delivery as `req.qstash`. Bad or missing signatures get a 401.
 */
import express, { type Request } from "express";
import {
  type NodeAdapterOptions,
  qstashExpress,
  Receiver,
  type VerifiedDelivery,
} from "pulumi-qstash/receiver";

/** Keys and options; by default the adapter reads the QSTASH_*_SIGNING_KEY env vars. */
export type AppOptions = NodeAdapterOptions;

export function createApp(options: AppOptions = {}): express.Express {
  const app = express();
  // On Node, the receiver entry's Receiver uses node:crypto; build it once.
  const current = options.currentSigningKey ?? process.env.QSTASH_CURRENT_SIGNING_KEY;
  const receiver =
    options.receiver ??
    (current
      ? new Receiver({
          currentSigningKey: current,
          nextSigningKey: options.nextSigningKey ?? process.env.QSTASH_NEXT_SIGNING_KEY,
        })
      : undefined);

  app.post("/api/qstash", qstashExpress({ ...options, receiver }), (req, res) => {
    const delivery = (req as Request & { qstash: VerifiedDelivery }).qstash;
    const job = JSON.parse(delivery.body) as { task?: string };
    res.json({ ok: true, messageId: delivery.messageId, retried: delivery.retried, task: job.task ?? null });
  });

  // Other routes can use body parsers as usual; only the QStash route needs the raw body.
  app.use(express.json());
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}
