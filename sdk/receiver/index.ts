/**
 * `pulumi-qstash/receiver`: verify QStash deliveries in any runtime. This is
 * the Web Crypto build (browsers, workers, edge, Deno, Bun); Node resolves
 * `index.node.ts` through the `node` export condition, with the same API.
 *
 * @example
 * ```ts
 * import { Receiver } from "pulumi-qstash/receiver";
 * const receiver = new Receiver({ currentSigningKey, nextSigningKey });
 * await receiver.verify({ signature: request.headers.get("upstash-signature"), body: await request.text() });
 * ```
 * @module
 */
export * from "./exports.js";
export { Receiver, verify } from "./receiver.js";
