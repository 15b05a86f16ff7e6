/**
 * `pulumi-qstash/receiver` for Node (the `node` export condition): the same
 * API as the default build, with `Receiver` on node:crypto for speed.
 * Adapters build a Web Crypto Receiver unless given `receiver:`; pass this
 * entry's `Receiver` for the fast core.
 *
 * @example
 * ```ts
 * import { Receiver, verifyNodeRequest } from "pulumi-qstash/receiver";
 * const receiver = new Receiver({ currentSigningKey, nextSigningKey });
 * const { body } = await verifyNodeRequest(req, { receiver });
 * ```
 * @module
 */
export * from "./exports.js";
export { Receiver, verify } from "./receiver.node.js";
