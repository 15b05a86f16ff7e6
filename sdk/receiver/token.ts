/**
 * Step 1 of verification: the token's shape. Splits `Upstash-Signature` into
 * its three segments and checks the header without trusting it: the
 * algorithm is fixed to HS256, never read from the token.
 * @module
 */
import { fail } from "./fail.js";

/** Tokens longer than this are refused before any parsing; QStash's are well under 2 KB. */
export const MAX_TOKEN_LENGTH = 16384;
const QSTASH_HEADER = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"; // {"alg":"HS256","typ":"JWT"}
// Three unpadded base64url segments, the first two non-empty: checked in one pass.
const SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// A 32-byte HMAC in base64url is 43 characters whose last one carries 2 unused
// bits; requiring them to be zero rejects alternative spellings of one signature.
const CANONICAL_LAST = "AEIMQUYcgkosw048";
const decoder = /* @__PURE__ */ new TextDecoder("utf-8", { fatal: true });

/** A token split into what the signature covers, the claims segment and the MAC. */
export interface Token {
  /** `header.payload`: the bytes the HMAC covers. */
  signedInput: string;
  /** The payload segment, decoded only after the signature matched. */
  payload: string;
  /** The MAC segment: canonical unpadded base64url, 43 characters. */
  signature: string;
}

/** base64url text to bytes: the crypto backend's codec (Buffer on Node, `atob` elsewhere). */
export type Base64UrlDecoder = (text: string) => Uint8Array;

/** Decodes one base64url segment as a JSON object, or fails with MALFORMED_TOKEN. */
export function decodeSegment(
  segment: string,
  what: string,
  decode: Base64UrlDecoder,
): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(decode(segment)));
  } catch {
    fail("MALFORMED_TOKEN", `The token's ${what} is not base64url-encoded UTF-8 JSON.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail("MALFORMED_TOKEN", `The token's ${what} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** Parses `Upstash-Signature`; throws a `SignatureError` saying what is wrong with it. */
export function parseToken(token: unknown, decode: Base64UrlDecoder): Token {
  if (typeof token !== "string" || token === "") {
    fail(
      "MISSING_SIGNATURE",
      "No Upstash-Signature header. Header names are case-insensitive; Node lower-cases them " +
        '(req.headers["upstash-signature"]).',
    );
  }
  if (token.length > MAX_TOKEN_LENGTH) {
    fail("MALFORMED_TOKEN", `The token is ${token.length} characters; the limit is ${MAX_TOKEN_LENGTH}.`);
  }
  const dot1 = token.indexOf(".");
  const dot2 = token.indexOf(".", dot1 + 1);
  if (dot1 < 0 || dot2 < 0 || token.indexOf(".", dot2 + 1) >= 0) {
    fail("MALFORMED_TOKEN", `The token must have 3 dot-separated segments, not ${token.split(".").length}.`);
  }
  if (!SHAPE.test(token)) fail("MALFORMED_TOKEN", "A token segment is empty or not unpadded base64url.");
  const header = token.slice(0, dot1);
  const payload = token.slice(dot1 + 1, dot2);
  const signature = token.slice(dot2 + 1);
  if (header !== QSTASH_HEADER) checkHeader(decodeSegment(header, "header", decode));
  if (signature.length !== 43 || !CANONICAL_LAST.includes(signature[42]!)) {
    fail("INVALID_SIGNATURE", "The signature segment is not an HMAC-SHA256 value.");
  }
  return { signedInput: token.slice(0, dot2), payload, signature };
}

function checkHeader(header: Record<string, unknown>): void {
  if (header.alg !== "HS256") {
    const alg = typeof header.alg === "string" ? `"${header.alg.slice(0, 16)}"` : "missing";
    fail("UNSUPPORTED_ALGORITHM", `The token's alg is ${alg}; QStash signs with HS256 only.`);
  }
  if (header.crit !== undefined) fail("MALFORMED_TOKEN", 'The token header has a "crit" parameter.');
}
