/**
 * The node:crypto core, selected by the `node` export condition: synchronous
 * HMAC and SHA-256, several times faster than Node's asynchronous Web Crypto.
 * @module
 */
import { createHash, createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";
import type { CryptoCore } from "./core.js";

export const nodeCrypto: CryptoCore<KeyObject> = {
  importKey(secret) {
    return createSecretKey(Buffer.from(secret, "utf8"));
  },
  verifyHmac(key, input, sig) {
    // Both sides are canonical 43-character base64url strings, so comparing
    // their ASCII bytes in constant time is comparing the MACs.
    const mac = Buffer.from(createHmac("sha256", key).update(input).digest("base64url"), "latin1");
    return timingSafeEqual(mac, Buffer.from(sig, "latin1"));
  },
  sha256(body) {
    return createHash("sha256").update(body).digest("base64url");
  },
};
