/**
 * A Deno HTTP server that only handles genuine QStash deliveries:
 *
 *   QSTASH_CURRENT_SIGNING_KEY=... QSTASH_NEXT_SIGNING_KEY=... \
 *     deno run --allow-net=127.0.0.1 --allow-env main.ts
 *
 * `withQStash` verifies a clone of each request and calls the handler with
 * the original (body unread) and the verified delivery; anything unsigned
 * gets a 401. `pulumi-qstash/receiver` is mapped in deno.json.
 */
import { withQStash } from "pulumi-qstash/receiver";

const handler = withQStash(
  async (request, delivery) => {
    const job = (await request.json()) as { task?: string };
    return Response.json({
      ok: true,
      messageId: delivery.messageId,
      task: job.task ?? null,
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
