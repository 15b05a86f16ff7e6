/**
 * The one crypto interface below `Receiver`, every adapter and the signer.
 * Two implementations: node:crypto (`node-crypto.node.ts`, synchronous and
 * several times faster on Node) and Web Crypto (`web-crypto.ts`, everywhere
 * else). The package's `#crypto` import picks one by export condition, once,
 * so no caller chooses a backend.
 * @module
 */

/** A prepared HMAC-SHA256 key; opaque outside its backend. */
export type HmacKey = { readonly __brand: "HmacKey" };

/** The verifying half of a backend: all `Receiver` needs. Digests are unpadded base64url. */
export interface Verifier {
  /** Prepares a key from the secret's UTF-8 bytes; done once per key, not per call. */
  hmacKey(secret: string): HmacKey;
  /** Constant-time check that `sig` (canonical base64url, 43 chars) is HMAC-SHA256(key, input). */
  verify(key: HmacKey, input: string, sig: string): boolean | Promise<boolean>;
  /** SHA-256 of the bytes (strings are UTF-8 encoded) as unpadded base64url. */
  sha256(body: string | Uint8Array): string | Promise<string>;
  /** Bytes of unpadded base64url text already checked to hold only base64url characters. */
  decodeBase64Url(text: string): Uint8Array;
}

/** The whole backend: verifying, plus what the signer needs (HMAC signing, random bytes). */
export interface CryptoBackend extends Verifier {
  /** HMAC-SHA256 of `input` as unpadded base64url. */
  sign(key: HmacKey, input: string): string | Promise<string>;
  /** Cryptographically random bytes. */
  randomBytes(length: number): Uint8Array;
}
