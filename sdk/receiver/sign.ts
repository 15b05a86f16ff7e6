/**
 * Signs a delivery exactly as QStash does, for tests and the devserver:
 * an HS256 JWT keyed with the signing key's UTF-8 bytes, claims
 * `iss, sub, exp, nbf, iat, jti, body` where `body` is the padded base64url
 * SHA-256 of the raw body. Runs on the backend `#crypto` selects, like
 * `Receiver`: node:crypto on Node, Web Crypto elsewhere.
 *
 * @example
 * ```ts
 * const token = await signDelivery({ signingKey: "sig_...", url: "http://127.0.0.1:3000/api", body: "{}" });
 * await fetch(url, { method: "POST", body: "{}", headers: { "Upstash-Signature": token } });
 * ```
 */
import { backend } from "#crypto";
import { encodeBase64Url } from "./base64.js";
import type { CryptoBackend, HmacKey } from "./crypto/types.js";

export interface SignDeliveryOptions {
  /** The signing key (`sig_...`), used as raw UTF-8 bytes. */
  signingKey: string;
  /** The URL the message is delivered to; becomes the `sub` claim. */
  url: string;
  /** The raw body, exactly as sent. */
  body?: string | Uint8Array | ArrayBuffer;
  /** Seconds since the epoch used as `iat`; defaults to now. */
  now?: number;
  /** Lifetime in seconds (`exp = iat + ttlSeconds`); QStash uses 300. */
  ttlSeconds?: number;
  /** `nbf` claim; QStash sends 0 since 2024. */
  notBefore?: number;
  /** `jti` claim; defaults to `jwt_` + random. */
  jwtId?: string;
  /** Extra or overriding claims (tests use this to forge bad tokens). */
  claims?: Record<string, unknown>;
  /** Header override (tests only). */
  header?: Record<string, unknown>;
}

/** The signer's functions, built over one crypto backend. */
export interface Signer {
  randomId(prefix: string, length?: number): string;
  bodyHash(body: string | Uint8Array | ArrayBuffer | undefined): Promise<string>;
  signDelivery(options: SignDeliveryOptions): Promise<string>;
}

const encoder = /* @__PURE__ */ new TextEncoder();
const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function bytesOf(body: string | Uint8Array | ArrayBuffer | undefined): string | Uint8Array {
  if (body === undefined) return "";
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  return new Uint8Array(body);
}

const segment = (value: unknown): string => encodeBase64Url(encoder.encode(JSON.stringify(value)));

/** Claims and encoding exactly as QStash does, over the given backend. */
export function makeSigner(c: CryptoBackend): Signer {
  // Prepared keys by key text: a devserver signs every delivery with one of two keys.
  const keys = new Map<string, HmacKey>();
  const keyFor = (secret: string): HmacKey => {
    let key = keys.get(secret);
    if (key === undefined) {
      if (keys.size >= 16) keys.clear();
      key = c.hmacKey(secret);
      keys.set(secret, key);
    }
    return key;
  };
  const randomId = (prefix: string, length = 28): string => {
    let s = prefix;
    for (const b of c.randomBytes(length)) s += ALPHABET[b % ALPHABET.length];
    return s;
  };
  // A 32-byte digest is 43 base64url characters; padded, it gains one "=".
  const bodyHash = async (body: string | Uint8Array | ArrayBuffer | undefined): Promise<string> =>
    `${await c.sha256(bytesOf(body))}=`;
  const signDelivery = async (options: SignDeliveryOptions): Promise<string> => {
    const iat = options.now ?? Math.floor(Date.now() / 1000);
    const payload = {
      iss: "Upstash",
      sub: options.url,
      exp: iat + (options.ttlSeconds ?? 300),
      nbf: options.notBefore ?? 0,
      iat,
      jti: options.jwtId ?? randomId("jwt_"),
      body: await bodyHash(options.body),
      ...options.claims,
    };
    const input = `${segment(options.header ?? { alg: "HS256", typ: "JWT" })}.${segment(payload)}`;
    return `${input}.${await c.sign(keyFor(options.signingKey), input)}`;
  };
  return { randomId, bodyHash, signDelivery };
}

const signer: Signer = /* @__PURE__ */ makeSigner(backend);

/** A random id in QStash's style: prefix + 28 base58 characters. */
export const randomId: Signer["randomId"] = (prefix, length) => signer.randomId(prefix, length);

/** base64url(SHA-256(body)) with `=` padding, as QStash puts in the `body` claim. */
export const bodyHash: Signer["bodyHash"] = (body) => signer.bodyHash(body);

/** Produce an `Upstash-Signature` token for one delivery. */
export const signDelivery: Signer["signDelivery"] = (options) => signer.signDelivery(options);
