/**
 * The delivery signer on node:crypto, for Node-only users such as the
 * devserver: the same claims and encoding as sign.ts (one implementation,
 * `makeSigner`), without Web Crypto's per-call overhead.
 *
 * @example
 * ```ts
 * import { signDelivery } from "./sign.node.js";
 * const token = await signDelivery({ signingKey, url, body });
 * ```
 */
import { createHash, createHmac, randomBytes as nodeRandomBytes } from "node:crypto";
import { makeSigner } from "./sign.js";

const node = makeSigner({
  sha256: (bytes) => createHash("sha256").update(bytes).digest(),
  hmacSha256: (key, data) => createHmac("sha256", key).update(data).digest(),
  randomBytes: (length) => nodeRandomBytes(length),
});

/** A random id in QStash's style: prefix + 28 base58 characters. */
export const randomId = node.randomId;
/** base64url(SHA-256(body)) with `=` padding, as QStash puts in the `body` claim. */
export const bodyHash = node.bodyHash;
/** Produce an `Upstash-Signature` token for one delivery. */
export const signDelivery = node.signDelivery;
