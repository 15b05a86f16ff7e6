/**
 * The Web Crypto backend: browsers, Cloudflare Workers, Vercel edge, Deno,
 * Bun, and Node when imported without the `node` condition.
 * @module
 */
import { decodeBase64, encodeBase64Url } from "../base64.js";
import type { CryptoBackend, HmacKey, Verifier } from "./types.js";

const encoder = /* @__PURE__ */ new TextEncoder();

/** This backend's key: the Web Crypto key being imported, behind the opaque `HmacKey`. */
interface WebKey extends HmacKey {
  readonly k: ReturnType<typeof crypto.subtle.importKey>;
}

/** `#crypto`'s verifying half on every runtime but Node: all `Receiver` needs. */
export const verifier: Verifier = {
  hmacKey(secret) {
    const key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    key.catch(() => {}); // surfaced by the first use; avoid an unhandled rejection meanwhile
    return { k: key } as WebKey;
  },
  async verify(key, input, sig) {
    return crypto.subtle.verify("HMAC", await (key as WebKey).k, decodeBase64(sig), encoder.encode(input));
  },
  async sha256(body) {
    const bytes = typeof body === "string" ? encoder.encode(body) : body;
    return encodeBase64Url(
      new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)),
    );
  },
  decodeBase64Url: decodeBase64,
};

/** `#crypto` on every runtime but Node: the verifier, plus signing for the signer. */
export const backend: CryptoBackend = /* @__PURE__ */ Object.assign<
  Pick<CryptoBackend, "sign" | "randomBytes">,
  Verifier
>(
  {
    async sign(key, input) {
      const mac = await crypto.subtle.sign("HMAC", await (key as WebKey).k, encoder.encode(input));
      return encodeBase64Url(new Uint8Array(mac));
    },
    randomBytes(length) {
      return crypto.getRandomValues(new Uint8Array(length));
    },
  },
  verifier,
);
