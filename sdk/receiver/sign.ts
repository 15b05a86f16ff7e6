/**
 * Signs a delivery exactly as QStash does, for tests and the devserver:
 * an HS256 JWT keyed with the signing key's UTF-8 bytes, claims
 * `iss, sub, exp, nbf, iat, jti, body` where `body` is the padded base64url
 * SHA-256 of the raw body. Web Crypto only, so it runs everywhere.
 *
 * @example
 * ```ts
 * const token = await signDelivery({ signingKey: "sig_...", url: "http://127.0.0.1:3000/api", body: "{}" });
 * await fetch(url, { method: "POST", body: "{}", headers: { "Upstash-Signature": token } });
 * ```
 */
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

const encoder = /* @__PURE__ */ new TextEncoder();

/** The crypto a signer needs; Web Crypto here, node:crypto in sign.node.ts. */
export interface SignerCrypto {
  sha256(bytes: Uint8Array): Promise<Uint8Array> | Uint8Array;
  hmacSha256(key: string, data: Uint8Array): Promise<Uint8Array> | Uint8Array;
  randomBytes(length: number): Uint8Array;
}

/** The signer's functions, built over one set of crypto primitives. */
export interface Signer {
  randomId(prefix: string, length?: number): string;
  bodyHash(body: string | Uint8Array | ArrayBuffer | undefined): Promise<string>;
  signDelivery(options: SignDeliveryOptions): Promise<string>;
}

function bytesOf(body: string | Uint8Array | ArrayBuffer | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  if (typeof body === "string") return encoder.encode(body);
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

function b64url(bytes: Uint8Array, pad = false): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  const s = btoa(bin).replace(/\+/g, "-").replace(/\//g, "_");
  return pad ? s : s.replace(/=+$/, "");
}

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Claims and encoding exactly as QStash does, over the given primitives. */
export function makeSigner(c: SignerCrypto): Signer {
  const randomId = (prefix: string, length = 28): string => {
    let s = prefix;
    for (const b of c.randomBytes(length)) s += ALPHABET[b % ALPHABET.length];
    return s;
  };
  const bodyHash = async (body: string | Uint8Array | ArrayBuffer | undefined): Promise<string> =>
    b64url(await c.sha256(bytesOf(body)), true);
  const signDelivery = async (options: SignDeliveryOptions): Promise<string> => {
    const iat = options.now ?? Math.floor(Date.now() / 1000);
    const header = options.header ?? { alg: "HS256", typ: "JWT" };
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
    const input = `${b64url(encoder.encode(JSON.stringify(header)))}.${b64url(encoder.encode(JSON.stringify(payload)))}`;
    return `${input}.${b64url(await c.hmacSha256(options.signingKey, encoder.encode(input)))}`;
  };
  return { randomId, bodyHash, signDelivery };
}

// Imported keys by key text: a devserver signs every delivery with one of two keys.
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const importedKeys = new Map<string, Promise<HmacKey>>();

function signingKey(secret: string): Promise<HmacKey> {
  let key = importedKeys.get(secret);
  if (!key) {
    if (importedKeys.size >= 16) importedKeys.clear();
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    importedKeys.set(secret, key);
  }
  return key;
}

const web: Signer = /* @__PURE__ */ makeSigner({
  sha256: async (bytes) =>
    new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)),
  hmacSha256: async (key, data) =>
    new Uint8Array(await crypto.subtle.sign("HMAC", await signingKey(key), data as Uint8Array<ArrayBuffer>)),
  randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
});

/** A random id in QStash's style: prefix + 28 base58 characters. */
export const randomId: Signer["randomId"] = (prefix, length) => web.randomId(prefix, length);

/** base64url(SHA-256(body)) with `=` padding, as QStash puts in the `body` claim. */
export const bodyHash: Signer["bodyHash"] = (body) => web.bodyHash(body);

/** Produce an `Upstash-Signature` token for one delivery. */
export const signDelivery: Signer["signDelivery"] = (options) => web.signDelivery(options);
