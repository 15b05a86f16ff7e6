/**
 * An AWS Lambda handler behind API Gateway (HTTP API, payload v2) or a
 * function URL that only runs for genuine QStash deliveries, and enqueues
 * the next step of the job with the client.
 *
 * `verifySignatureLambda` decodes the body exactly as API Gateway passed it
 * (base64 when `isBase64Encoded`), verifies it with
 * `QSTASH_CURRENT_SIGNING_KEY` / `QSTASH_NEXT_SIGNING_KEY` from the function's
 * environment, and answers `{ statusCode: 401 }` for anything else. With
 * `NEXT_STEP_URL` set, the handler then enqueues the job's next step there
 * (queue `NEXT_STEP_QUEUE`, default `next-steps`) with `QSTASH_TOKEN` (and
 * `QSTASH_URL` when set).
 */
import { Client } from "pulumi-qstash/client";
import { type LambdaEventLike, lambdaEventUrl, verifySignatureLambda } from "pulumi-qstash/receiver";

/** The fields of an API Gateway v2 / function URL event this handler uses. */
export interface ApiGatewayV2Event extends LambdaEventLike {
  version?: string;
  routeKey?: string;
  rawPath?: string;
}

export interface ApiGatewayV2Result {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}

// One client per container, reused across invocations (keep-alive connections).
let client: Client | undefined;

export const handler = verifySignatureLambda<ApiGatewayV2Event, unknown, ApiGatewayV2Result>(
  async (_event, delivery) => {
    const job = JSON.parse(delivery.body) as { task?: string; step?: number };
    let next: string | null = null;
    const nextUrl = process.env.NEXT_STEP_URL;
    if (nextUrl) {
      client ??= new Client(); // QSTASH_TOKEN and QSTASH_URL from the environment
      const sent = await client.enqueueJSON({
        queueName: process.env.NEXT_STEP_QUEUE ?? "next-steps",
        url: nextUrl,
        body: { task: job.task ?? null, step: (job.step ?? 0) + 1, after: delivery.messageId ?? null },
        // A retried delivery enqueues the follow-up once.
        ...(delivery.messageId ? { deduplicationId: `next-${delivery.messageId}` } : {}),
      });
      next = sent.messageId;
    }
    return {
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ok: true, messageId: delivery.messageId, task: job.task ?? null, next }),
    };
  },
  {
    // With QSTASH_CHECK_URL=true the token's `sub` must be this invocation's public
    // URL (https:// + domain + path + query), so a token minted for another endpoint is refused.
    url: process.env.QSTASH_CHECK_URL === "true" ? lambdaEventUrl : undefined,
  },
);
