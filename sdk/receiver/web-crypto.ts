/**
 * The Web Crypto core: runs in browsers, Cloudflare Workers, Vercel edge,
 * Deno, Bun and Node. Keys are imported once (lazily) per Receiver.
 * @module
 */
import type { CryptoCore } from "./core.js";

const encoder = /* @__PURE__ */ new TextEncoder();

function decode(segment: string): Uint8Array<ArrayBuffer> {
  const bin = atob(segment.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function encode(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

type Key = ReturnType<typeof crypto.subtle.importKey>;

export const webCrypto: CryptoCore<Key> = {
  importKey(secret) {
    const key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    key.catch(() => {}); // surfaced by verify(); avoid an unhandled rejection meanwhile
    return key;
  },
  async verifyHmac(key, input, sig) {
    return crypto.subtle.verify("HMAC", await key, decode(sig), encoder.encode(input));
  },
  async sha256(body) {
    const bytes = typeof body === "string" ? encoder.encode(body) : body;
    return encode(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)));
  },
};
