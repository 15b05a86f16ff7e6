/**
 * The one verification algorithm, in three steps: the token's shape
 * (`token.ts`), the signature against the current then the next key, and the
 * claims (`claims.ts`) with the body's hash. It parses the token itself
 * instead of using a generic JWT library: the algorithm is fixed to HS256,
 * the checks are exactly QStash's, and the code stays small enough for edge
 * bundles. The crypto comes from a {@link Verifier}, the verifying half of `#crypto`.
 * @module
 */
import { checkClaims } from "./claims.js";
import type { HmacKey, Verifier } from "./crypto/types.js";
import { fromEnv } from "./env.js";
import { fail } from "./fail.js";
import { parseToken, type Token } from "./token.js";

export { MAX_TOKEN_LENGTH } from "./token.js";

const CURRENT_KEY = "QSTASH_CURRENT_SIGNING_KEY";
const NEXT_KEY = "QSTASH_NEXT_SIGNING_KEY";

/** What `new Receiver(...)` takes; every field is optional. */
export interface ReceiverConfig {
  /**
   * The current signing key (`sig_...`), from the QStash console or
   * `getSigningKeys`. Default: `QSTASH_CURRENT_SIGNING_KEY`, read when the
   * first delivery is verified (ledger "Receiver without keys").
   */
  currentSigningKey?: string | undefined;
  /**
   * The next signing key; tried when the current one does not match, which
   * makes rotation safe. Default: `QSTASH_NEXT_SIGNING_KEY`.
   */
  nextSigningKey?: string | undefined;
  /**
   * Dev mode (ledger R3): verify with the local dev server's fixed public
   * keys, ignoring the keys given here. Default: `QSTASH_DEV` (`true` or `1`).
   */
  devMode?: boolean | undefined;
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

/** Returns the body as string or bytes, or explains why a parsed body cannot be verified. */
export function rawBody(body: unknown): string | Uint8Array {
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const got = body === null ? "null" : body === undefined ? "undefined" : `a ${typeof body}`;
  return fail(
    "RAW_BODY_REQUIRED",
    `verify() needs the raw request body (string, Uint8Array or ArrayBuffer), not ${got}: the signature ` +
      "covers the exact bytes QStash sent, which a parsed and re-serialised body does not reproduce. " +
      "Read it with `await request.text()` or `express.raw({ type: '*/*' })`; pass \"\" for an empty body.",
  );
}

function tolerance(value: number | undefined, fallback: number): number {
  const t = value ?? fallback;
  if (typeof t !== "number" || !(t >= 0) || !Number.isFinite(t)) {
    throw new RangeError("clockTolerance must be a finite number of seconds >= 0");
  }
  return t;
}

function compareHash(claimed: string, actual: string, body: string | Uint8Array): true {
  if (claimed === actual) return true;
  const hint =
    body === "[object Object]"
      ? ' The body is the string "[object Object]": an object was passed where the raw body was expected.'
      : " Pass the raw body exactly as received: parsing and re-serialising JSON changes the bytes, " +
        "and a binary body must be passed as bytes, not decoded text.";
  return fail("BODY_MISMATCH", `The body does not hash to the token's "body" claim.${hint}`);
}

/**
 * Verifies QStash deliveries over one crypto backend. Not exported from the
 * package: `Receiver` (receiver.ts) binds the backend `#crypto` selects.
 */
export class ReceiverCore {
  readonly #crypto: Verifier;
  readonly #config: ReceiverConfig;
  #keys: HmacKey[] | undefined;
  #whitespace: boolean | undefined;
  readonly #tolerance: number;
  readonly #now: () => number;

  constructor(config: ReceiverConfig | undefined, backend: Verifier) {
    this.#crypto = backend;
    this.#config = config ??= {};
    this.#tolerance = tolerance(config.clockTolerance, 0);
    this.#now = config.now ?? Date.now;
  }

  /**
   * The prepared keys: those given, else `QSTASH_CURRENT_SIGNING_KEY` /
   * `QSTASH_NEXT_SIGNING_KEY`. Resolved at the first verify, as the official
   * `Receiver` resolves them when verifying (ledger "Receiver without keys"):
   * a Receiver built before its environment is complete still works, and one
   * with no keys anywhere rejects each verify with `MISSING_KEYS`. Kept once found.
   */
  #hmacKeys(): HmacKey[] {
    if (this.#keys) return this.#keys;
    const config = this.#config;
    const current = config.currentSigningKey || fromEnv(undefined, CURRENT_KEY);
    const next = config.nextSigningKey || fromEnv(undefined, NEXT_KEY);
    if (typeof current !== "string") {
      fail(
        "MISSING_KEYS",
        `No signing keys: pass currentSigningKey (and nextSigningKey), set ${CURRENT_KEY} (and ${NEXT_KEY}), or use devMode.`,
      );
    }
    if (next !== undefined && typeof next !== "string") {
      fail("MISSING_KEYS", "nextSigningKey must be a string when given.");
    }
    const secrets = next ? [current, next] : [current];
    this.#whitespace = secrets.some((s) => s.trim() !== s);
    this.#keys = secrets.map((s) => this.#crypto.hmacKey(s));
    return this.#keys;
  }

  /**
   * Resolves `true` when `request` is a genuine, current QStash delivery and
   * rejects with a `SignatureError` with a stable `code` otherwise. On a
   * synchronous backend (node:crypto) every step runs without waiting.
   */
  verify(request: VerifyRequest): Promise<boolean> {
    try {
      const body = rawBody(request?.body);
      const token = parseToken(request.signature, this.#crypto.decodeBase64Url);
      const pending = this.#checkSignature(token, this.#hmacKeys());
      if (pending) return pending.then(() => this.#checkBody(request, token, body));
      const done = this.#checkBody(request, token, body);
      return done === true ? Promise.resolve(true) : done;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Step 3: the claims, then the body's hash against the `body` claim. */
  #checkBody(request: VerifyRequest, token: Token, body: string | Uint8Array): true | Promise<true> {
    const checks = {
      now: Math.floor(this.#now() / 1000),
      tolerance: tolerance(request.clockTolerance, this.#tolerance),
      url: request.url,
    };
    const bodyHash = checkClaims(token.payload, checks, this.#crypto.decodeBase64Url);
    const hash = this.#crypto.sha256(body);
    if (typeof hash !== "string") return hash.then((h) => compareHash(bodyHash, h, body));
    return compareHash(bodyHash, hash, body);
  }

  /**
   * Step 2: the MAC matches the current key or, failing that, the next one,
   * from `keys[i]` on. A synchronous backend (node:crypto) finishes without
   * waiting; on Web Crypto each later key is tried once the earlier one's
   * answer arrives (this same loop, resumed).
   */
  #checkSignature(token: Token, keys: HmacKey[], i = 0): Promise<void> | undefined {
    for (; i < keys.length; i++) {
      const ok = this.#crypto.verify(keys[i]!, token.signedInput, token.signature);
      // returning at once, so `i` is not moved on under the callback
      if (typeof ok !== "boolean")
        return ok.then((m) => (m ? undefined : this.#checkSignature(token, keys, i + 1)));
      if (ok) return undefined;
    }
    return this.#mismatch();
  }

  #mismatch(): never {
    fail(
      "INVALID_SIGNATURE",
      `The signature matches neither the current nor the next signing key${this.#keys!.length < 2 ? " (no next key configured)" : ""}. ` +
        "Check that the keys belong to the QStash project (and region) that sent this message" +
        (this.#whitespace ? "; a configured key has leading or trailing whitespace." : "."),
    );
  }
}
