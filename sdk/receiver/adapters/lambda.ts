/**
 * AWS Lambda adapter for API Gateway REST (v1) and HTTP (v2) events and
 * Lambda function URLs (v2 shape), including base64-encoded bodies.
 * @module
 */
import { SignatureError } from "../../errors.js";
import { decodeBase64 } from "../base64.js";
import {
  type AdapterOptions,
  guard,
  type RawDelivery,
  type VerifiedDelivery,
  verifyBytes,
} from "./shared.js";

/** The fields of API Gateway v1/v2 and function URL events the adapter reads. */
export interface LambdaEventLike {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  /** v2 and function URLs. */
  rawPath?: string;
  rawQueryString?: string;
  /** v1. */
  path?: string;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  requestContext?: { domainName?: string; path?: string; http?: { path?: string } } | null;
}

/** Options for the Lambda adapter. */
export interface LambdaAdapterOptions extends AdapterOptions {
  /** Check `sub`: a URL, or a function of the event such as {@link lambdaEventUrl}. */
  url?: string | ((event: LambdaEventLike) => string) | undefined;
}

/**
 * Best-effort public URL of the invocation: `https://` + domain + path + query.
 * v1 events carry parsed query parameters, so their order may differ from the
 * original; prefer an explicit `url` when QStash calls a URL with a query.
 *
 * @example
 * ```ts
 * await verifyLambdaEvent(event, { url: lambdaEventUrl });
 * ```
 */
export function lambdaEventUrl(event: LambdaEventLike): string {
  const ctx = event.requestContext ?? {};
  if (event.rawPath !== undefined) {
    const q = event.rawQueryString ? `?${event.rawQueryString}` : "";
    return `https://${ctx.domainName}${event.rawPath}${q}`;
  }
  const params = new URLSearchParams();
  const multi = event.multiValueQueryStringParameters;
  const single = event.queryStringParameters;
  if (multi) for (const [k, vs] of Object.entries(multi)) for (const v of vs ?? []) params.append(k, v);
  else if (single) for (const [k, v] of Object.entries(single)) if (v !== undefined) params.append(k, v);
  const q = params.size ? `?${params}` : "";
  return `https://${ctx.domainName}${ctx.path ?? event.path ?? "/"}${q}`;
}

const encoder = /* @__PURE__ */ new TextEncoder();

function eventBody(event: LambdaEventLike): RawDelivery {
  const text = event.body ?? "";
  if (!event.isBase64Encoded) return { bytes: encoder.encode(text), text };
  try {
    return { bytes: decodeBase64(text) };
  } catch {
    throw new SignatureError(
      "RAW_BODY_REQUIRED",
      "The event says isBase64Encoded but its body is not base64.",
    );
  }
}

/**
 * Verifies an API Gateway / function URL event and returns the decoded raw body.
 * Throws a `SignatureError` on failure.
 *
 * @example
 * ```ts
 * export const handler = async (event) => {
 *   const { body } = await verifyLambdaEvent(event);
 *   return { statusCode: 200, body: "ok" };
 * };
 * ```
 */
export async function verifyLambdaEvent(
  event: LambdaEventLike,
  options: LambdaAdapterOptions = {},
): Promise<VerifiedDelivery> {
  const url = typeof options.url === "function" ? options.url(event) : options.url;
  return verifyBytes(options, undefined, event.headers, () => eventBody(event), url);
}

/**
 * Wraps a Lambda handler: rejects with `{ statusCode: 401 }` and otherwise
 * calls `handler(event, delivery, context)`.
 *
 * @example
 * ```ts
 * export const handler = verifySignatureLambda(async (event, delivery) => ({ statusCode: 200, body: delivery.body }));
 * ```
 */
export function verifySignatureLambda<E extends LambdaEventLike, C, R>(
  handler: (event: E, delivery: VerifiedDelivery, context: C) => R | Promise<R>,
  options: LambdaAdapterOptions = {},
): (
  event: E,
  context: C,
) => Promise<R | { statusCode: number; headers: Record<string, string>; body: string }> {
  return guard(
    (event: E, _context: C) => verifyLambdaEvent(event, options),
    (rejection) => ({
      statusCode: rejection.status,
      headers: { "content-type": "application/json" },
      body: rejection.body,
    }),
    (delivery, event, context) => handler(event, delivery, context),
  );
}
