/**
 * The node:crypto backend, chosen by the `node` condition of `#crypto`:
 * synchronous HMAC and SHA-256, several times faster than Node's
 * asynchronous Web Crypto. Node-only, hence the `.node.ts` name, which the
 * edge type-check (sdk/receiver/tsconfig.json) leaves out.
 * @module
 */
import * as nodeCrypto from "node:crypto";
import {
  createHash,
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import type { CryptoBackend, HmacKey, Verifier } from "./types.js";

/** This backend's key: a node:crypto KeyObject, behind the opaque `HmacKey`. */
interface NodeKey extends HmacKey {
  readonly k: KeyObject;
}

const oneShotHash = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;

/** `#crypto`'s verifying half on Node: all `Receiver` needs. */
export const verifier: Verifier = {
  hmacKey(secret) {
    return { k: createSecretKey(Buffer.from(secret, "utf8")) } as NodeKey;
  },
  verify(key, input, sig) {
    // Both sides are canonical 43-character base64url strings, so comparing
    // their ASCII bytes in constant time is comparing the MACs.
    const mac = Buffer.from(
      createHmac("sha256", (key as NodeKey).k)
        .update(input)
        .digest("base64url"),
      "latin1",
    );
    const given = Buffer.from(sig, "latin1");
    return mac.length === given.length && timingSafeEqual(mac, given);
  },
  sha256(body) {
    // The one-shot `crypto.hash` (Node >= 21.7) costs half of a Hash object;
    // runtimes that emulate node:crypto without it take the general path.
    if (oneShotHash) return oneShotHash("sha256", body, "base64url");
    return createHash("sha256").update(body).digest("base64url");
  },
  decodeBase64Url(text) {
    return Buffer.from(text, "base64url");
  },
};

/** `#crypto` on Node: the verifier, plus signing for the signer. */
export const backend: CryptoBackend = /* @__PURE__ */ Object.assign<
  Pick<CryptoBackend, "sign" | "randomBytes">,
  Verifier
>(
  {
    sign(key, input) {
      return createHmac("sha256", (key as NodeKey).k)
        .update(input)
        .digest("base64url");
    },
    randomBytes(length) {
      return new Uint8Array(randomBytes(length));
    },
  },
  verifier,
);
