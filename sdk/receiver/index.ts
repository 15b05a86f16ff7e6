/**
 * `pulumi-qstash/receiver`: verify QStash deliveries in any runtime. One
 * entry for every runtime: the crypto below `Receiver`, every adapter and the
 * signer is chosen by the package's `#crypto` import (node:crypto on Node,
 * Web Crypto elsewhere), so each takes the fast path without being asked.
 *
 * @example
 * ```ts
 * import { Receiver } from "pulumi-qstash/receiver";
 * const receiver = new Receiver({ currentSigningKey, nextSigningKey });
 * await receiver.verify({ signature: request.headers.get("upstash-signature"), body: await request.text() });
 * ```
 * @module
 */
export { PulumiQStashError, SignatureError, type SignatureErrorCode } from "../errors.js";
export { type FetchAdapterOptions, verifyFetchRequest, withQStash } from "./adapters/fetch.js";
export {
  verifySignatureCloudflare,
  verifySignaturePages,
  verifySignatureSolidjs,
  verifySignatureSvelte,
} from "./adapters/frameworks.js";
export { type H3EventLike, verifySignatureH3, verifySignatureNuxt } from "./adapters/h3.js";
export { type HonoContextLike, qstashMiddleware } from "./adapters/hono.js";
export {
  type LambdaAdapterOptions,
  type LambdaEventLike,
  lambdaEventUrl,
  verifyLambdaEvent,
  verifySignatureLambda,
} from "./adapters/lambda.js";
export { verifySignatureAppRouter, verifySignaturePagesRouter } from "./adapters/nextjs.js";
export {
  type NodeAdapterOptions,
  type NodeRequestLike,
  type NodeResponseLike,
  qstashExpress,
  readNodeBody,
  verifyNodeRequest,
} from "./adapters/node-http.js";
export {
  type AdapterOptions,
  type HeadersLike,
  header,
  type ReceiverLike,
  type VerifiedDelivery,
} from "./adapters/shared.js";
export { MAX_TOKEN_LENGTH, type RawBody, type ReceiverConfig, type VerifyRequest } from "./core.js";
export { Receiver, verify } from "./receiver.js";
export { bodyHash, randomId, type SignDeliveryOptions, signDelivery } from "./sign.js";
