/**
 * A Deno HTTP server that only handles genuine QStash deliveries, and hands
 * each job's next step on with the client:
 *
 *   QSTASH_CURRENT_SIGNING_KEY=... QSTASH_NEXT_SIGNING_KEY=... \
 *   QSTASH_TOKEN=... NEXT_STEP_URL=https://... \
 *     deno run --allow-net --allow-env main.ts
 *
 * `withQStash` verifies a clone of each request and calls the handler with
 * the original (body unread) and the verified delivery; anything unsigned
 * gets a 401. With `NEXT_STEP_URL` set, the handler enqueues the next step
 * (the client sends with `fetch` on Deno). `pulumi-qstash/*` is mapped in
 * deno.json.
 */
import { Client } from "pulumi-qstash/client";
import { withQStash } from "pulumi-qstash/receiver";

const nextStepUrl = Deno.env.get("NEXT_STEP_URL");
const baseUrl = Deno.env.get("QSTASH_URL");
const client = nextStepUrl
  ? new Client({ token: Deno.env.get("QSTASH_TOKEN") ?? "", ...(baseUrl ? { baseUrl } : {}) })
  : undefined;

const handler = withQStash(
  async (request, delivery) => {
    const job = (await request.json()) as { task?: string; step?: number };
    let next: string | null = null;
    if (client && nextStepUrl) {
      const sent = await client.enqueueJSON({
        queueName: Deno.env.get("NEXT_STEP_QUEUE") ?? "next-steps",
        url: nextStepUrl,
        body: { task: job.task ?? null, step: (job.step ?? 0) + 1, after: delivery.messageId ?? null },
        // A retried delivery enqueues the next step once.
        ...(delivery.messageId ? { deduplicationId: `next-${delivery.messageId}` } : {}),
      });
      next = sent.messageId;
    }
    return Response.json({
      ok: true,
      messageId: delivery.messageId,
      task: job.task ?? null,
      next,
      runtime: "deno",
    });
  },
  {
    currentSigningKey: Deno.env.get("QSTASH_CURRENT_SIGNING_KEY"),
    nextSigningKey: Deno.env.get("QSTASH_NEXT_SIGNING_KEY"),
  },
);

Deno.serve(
  {
    hostname: Deno.env.get("HOST") ?? "127.0.0.1",
    port: Number(Deno.env.get("PORT") ?? 8000),
    // One JSON line a supervisor (or the test) can read the port from.
    onListen: ({ hostname, port }) =>
      console.log(JSON.stringify({ listening: `http://${hostname}:${port}` })),
  },
  handler,
);
