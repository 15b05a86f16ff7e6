/**
 * The one verification algorithm behind both `Receiver` builds. It parses the
 * token itself instead of using a generic JWT library: the algorithm is fixed
 * to HS256 (never read from the token), the checks are exactly QStash's, and
 * the code stays small enough for edge bundles. Only the two crypto
 * primitives differ per platform, supplied as a {@link CryptoCore}.
 * @module
 */
import { SignatureError, type SignatureErrorCode } from "../errors.js";

/** What `new Receiver(...)` takes. Keys are passed explicitly; adapters read the environment. */
export interface ReceiverConfig {
  /** The current signing key (`sig_...`), from the QStash console or `getSigningKeys`. */
  currentSigningKey: string;
  /** The next signing key; tried when the current one does not match, which makes rotation safe. */
  nextSigningKey?: string | undefined;
  /** Default allowed clock skew in seconds for `exp`/`nbf` (default 0). */
  clockTolerance?: number | undefined;
  /** Clock in milliseconds since the epoch (default `Date.now`); tests inject a fixed time. */
  now?: (() => number) | undefined;
}

/** The raw body types `verify` accepts: exactly the bytes QStash sent. */
export type RawBody = string | Uint8Array | ArrayBuffer;

/** One delivery to verify, named as in `@upstash/qstash`. */
export interface VerifyRequest {
  /** The `Upstash-Signature` header value. */
  signature: string | null | undefined;
  /** The raw request body, byte for byte (not a parsed and re-serialised object). */
  body: RawBody;
  /** When given, must equal the token's `sub` claim exactly (the URL QStash delivered to). */
  url?: string | undefined;
  /** Allowed clock skew in seconds for this call; overrides the Receiver's default. */
  clockTolerance?: number | undefined;
}

/** The platform-specific primitives. `K` is a prepared key, built once per Receiver. */
export interface CryptoCore<K> {
  importKey(secret: string): K;
  /** Constant-time check that `sig` (canonical base64url, 43 chars) is HMAC-SHA256(key, input). */
  verifyHmac(key: K, input: string, sig: string): boolean | Promise<boolean>;
  /** Unpadded base64url SHA-256 of the body bytes (strings are UTF-8 encoded). */
  sha256(body: string | Uint8Array): string | Promise<string>;
}

/** Tokens longer than this are refused before any parsing; QStash's are well under 2 KB. */
export const MAX_TOKEN_LENGTH = 16384;
const QSTASH_HEADER = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"; // {"alg":"HS256","typ":"JWT"}
const B64URL = /^[A-Za-z0-9_-]*$/;
// A 32-byte HMAC in base64url is 43 characters whose last one carries 2 unused
// bits; requiring them to be zero rejects alternative spellings of one signature.
const CANONICAL_LAST = "AEIMQUYcgkosw048";

const fail = (code: SignatureErrorCode, message: string): never => {
  throw new SignatureError(code, message);
};

function decodeJson(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    const bin = atob(segment.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    fail("MALFORMED_TOKEN", `The token's ${what} is not base64url-encoded UTF-8 JSON.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail("MALFORMED_TOKEN", `The token's ${what} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** Returns the body as string or bytes, or explains why a parsed body cannot be verified. */
export function rawBody(body: unknown): string | Uint8Array {
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const got = body === null ? "null" : body === undefined ? "undefined" : `a ${typeof body}`;
  return fail(
    "RAW_BODY_REQUIRED",
    `verify() needs the raw request body (string, Uint8Array or ArrayBuffer) but got ${got}. ` +
      "The signature covers the exact bytes QStash sent; a parsed and re-serialised body differs in " +
      "spacing, key order or escapes. Read it with `await request.text()`, `express.raw({ type: '*/*' })` " +
      'or disable the framework\'s body parser; pass "" for an empty body.',
  );
}

function claimNumber(payload: Record<string, unknown>, name: string): number | undefined {
  const v = payload[name];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    fail("INVALID_CLAIM", `The token's "${name}" claim is not a number.`);
  }
  return v as number;
}

function requireString(payload: Record<string, unknown>, name: string): string {
  const v = payload[name];
  if (v === undefined) fail("MISSING_CLAIM", `The token has no "${name}" claim; QStash always sends it.`);
  if (typeof v !== "string") fail("INVALID_CLAIM", `The token's "${name}" claim is not a string.`);
  return v as string;
}

function tolerance(value: number | undefined, fallback: number): number {
  const t = value ?? fallback;
  if (typeof t !== "number" || !(t >= 0) || !Number.isFinite(t)) {
    throw new RangeError("clockTolerance must be a finite number of seconds >= 0");
  }
  return t;
}

/**
 * Verifies QStash deliveries with one platform's crypto. Not exported from the
 * package: `Receiver` in `index.ts` / `index.node.ts` binds the core.
 */
export class ReceiverCore<K> {
  readonly #core: CryptoCore<K>;
  readonly #keys: K[];
  readonly #whitespace: boolean;
  readonly #tolerance: number;
  readonly #now: () => number;

  constructor(config: ReceiverConfig, core: CryptoCore<K>) {
    const current = config?.currentSigningKey;
    const next = config?.nextSigningKey;
    if (typeof current !== "string" || current === "") {
      fail(
        "MISSING_KEYS",
        "Receiver needs currentSigningKey (and ideally nextSigningKey): pass them explicitly, " +
          "or use an adapter that reads QSTASH_CURRENT_SIGNING_KEY / QSTASH_NEXT_SIGNING_KEY.",
      );
    }
    if (next !== undefined && typeof next !== "string") {
      fail("MISSING_KEYS", "nextSigningKey must be a string when given.");
    }
    const secrets = next ? [current, next] : [current];
    this.#core = core;
    this.#keys = secrets.map((s) => core.importKey(s));
    this.#whitespace = secrets.some((s) => s.trim() !== s);
    this.#tolerance = tolerance(config.clockTolerance, 0);
    this.#now = config.now ?? Date.now;
  }

  /**
   * Resolves `true` when `request` is a genuine, current QStash delivery and
   * throws a {@link SignatureError} with a stable `code` otherwise.
   */
  async verify(request: VerifyRequest): Promise<boolean> {
    const body = rawBody(request?.body);
    const token = request.signature;
    if (typeof token !== "string" || token === "") {
      fail(
        "MISSING_SIGNATURE",
        "No Upstash-Signature header. Header names are case-insensitive; Node lower-cases them " +
          '(req.headers["upstash-signature"]).',
      );
    }
    const tok = token as string;
    if (tok.length > MAX_TOKEN_LENGTH) {
      fail("MALFORMED_TOKEN", `The token is ${tok.length} characters; the limit is ${MAX_TOKEN_LENGTH}.`);
    }
    const dot1 = tok.indexOf(".");
    const dot2 = tok.indexOf(".", dot1 + 1);
    if (dot1 < 0 || dot2 < 0 || tok.indexOf(".", dot2 + 1) >= 0) {
      fail("MALFORMED_TOKEN", `The token must have 3 dot-separated segments, not ${tok.split(".").length}.`);
    }
    const h = tok.slice(0, dot1);
    const p = tok.slice(dot1 + 1, dot2);
    const s = tok.slice(dot2 + 1);
    if (h === "" || p === "" || !B64URL.test(h) || !B64URL.test(p) || !B64URL.test(s)) {
      fail("MALFORMED_TOKEN", "A token segment is empty or not unpadded base64url.");
    }
    if (h !== QSTASH_HEADER) {
      const header = decodeJson(h, "header");
      if (header.alg !== "HS256") {
        const alg = typeof header.alg === "string" ? `"${header.alg.slice(0, 16)}"` : "missing";
        fail("UNSUPPORTED_ALGORITHM", `The token's alg is ${alg}; QStash signs with HS256 only.`);
      }
      if (header.crit !== undefined) fail("MALFORMED_TOKEN", 'The token header has a "crit" parameter.');
    }
    if (s.length !== 43 || !CANONICAL_LAST.includes(s[42]!)) {
      fail("INVALID_SIGNATURE", "The signature segment is not an HMAC-SHA256 value.");
    }
    const input = tok.slice(0, dot2);
    let matched = false;
    for (const key of this.#keys) {
      if (await this.#core.verifyHmac(key, input, s)) {
        matched = true;
        break;
      }
    }
    if (!matched) {
      fail(
        "INVALID_SIGNATURE",
        `The signature matches neither the current nor the next signing key${this.#keys.length < 2 ? " (no next key configured)" : ""}. ` +
          "Check that the keys belong to the QStash project (and region) that sent this message" +
          (this.#whitespace ? "; a configured key has leading or trailing whitespace." : "."),
      );
    }

    const claims = decodeJson(p, "payload");
    const iss = requireString(claims, "iss");
    if (iss !== "Upstash") fail("INVALID_ISSUER", 'The token\'s "iss" claim is not "Upstash".');
    const sub = requireString(claims, "sub");
    const bodyClaim = requireString(claims, "body");
    const exp = claimNumber(claims, "exp");
    if (exp === undefined) fail("MISSING_CLAIM", 'The token has no "exp" claim; QStash always sends it.');
    const nbf = claimNumber(claims, "nbf");
    claimNumber(claims, "iat");
    const tol = tolerance(request.clockTolerance, this.#tolerance);
    const now = Math.floor(this.#now() / 1000);
    if ((exp as number) <= now - tol) {
      fail(
        "EXPIRED",
        `The token expired ${now - (exp as number)} s ago (exp ${exp}, now ${now}, tolerance ${tol} s). ` +
          "QStash tokens live 5 minutes: this is a late replay, or this machine's clock is ahead (set clockTolerance).",
      );
    }
    if (nbf !== undefined && nbf > now + tol) {
      fail(
        "NOT_YET_VALID",
        `The token is not valid for another ${nbf - now} s (nbf ${nbf}, now ${now}, tolerance ${tol} s). ` +
          "This machine's clock is probably behind; sync it or set clockTolerance.",
      );
    }
    if (request.url !== undefined && sub !== request.url) {
      fail(
        "URL_MISMATCH",
        `The token was issued for ${JSON.stringify(sub.slice(0, 2048))} but verify() was given ` +
          `${JSON.stringify(String(request.url).slice(0, 2048))}. The comparison is exact (scheme, host, path, trailing slash, query); ` +
          "behind a proxy or tunnel pass the public URL QStash calls.",
      );
    }
    const hash = await this.#core.sha256(body);
    if (bodyClaim.replace(/=+$/, "") !== hash) {
      const hint =
        body === "[object Object]"
          ? ' The body is the string "[object Object]": an object was passed where the raw body was expected.'
          : " Pass the raw body exactly as received: parsing and re-serialising JSON changes the bytes, " +
            "and a binary body must be passed as bytes, not decoded text.";
      fail("BODY_MISMATCH", `The body does not hash to the token's "body" claim.${hint}`);
    }
    return true;
  }
}
