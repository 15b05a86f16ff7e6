/**
 * Step 3 of verification: the claims, checked only after the signature
 * matched. Exactly QStash's rules: issuer `Upstash`, `exp`/`nbf` within the
 * clock tolerance, `sub` equal to the URL when one is given. The `body`
 * claim is returned for the body-hash check.
 * @module
 */
import { fail } from "./fail.js";
import { type Base64UrlDecoder, decodeSegment } from "./token.js";

/** What the claims are checked against. */
export interface ClaimChecks {
  /** Seconds since the epoch. */
  now: number;
  /** Allowed clock skew in seconds. */
  tolerance: number;
  /** When given, the `sub` claim must equal it exactly. */
  url: string | undefined;
}

function numberClaim(claims: Record<string, unknown>, name: string): number | undefined {
  const v = claims[name];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v))
    fail("INVALID_CLAIM", `The token's "${name}" claim is not a number.`);
  return v;
}

function stringClaim(claims: Record<string, unknown>, name: string): string {
  const v = claims[name];
  if (v === undefined) fail("MISSING_CLAIM", `The token has no "${name}" claim; QStash always sends it.`);
  if (typeof v !== "string") fail("INVALID_CLAIM", `The token's "${name}" claim is not a string.`);
  return v;
}

/** Checks the decoded payload segment; returns the `body` claim (the body's hash) without padding. */
export function checkClaims(payload: string, checks: ClaimChecks, decode: Base64UrlDecoder): string {
  const claims = decodeSegment(payload, "payload", decode);
  if (stringClaim(claims, "iss") !== "Upstash")
    fail("INVALID_ISSUER", 'The token\'s "iss" claim is not "Upstash".');
  const sub = stringClaim(claims, "sub");
  const body = stringClaim(claims, "body");
  const exp = numberClaim(claims, "exp");
  if (exp === undefined) fail("MISSING_CLAIM", 'The token has no "exp" claim; QStash always sends it.');
  const nbf = numberClaim(claims, "nbf");
  numberClaim(claims, "iat");
  const { now, tolerance: tol, url } = checks;
  if (exp <= now - tol) {
    fail(
      "EXPIRED",
      `The token expired ${now - exp} s ago (exp ${exp}, now ${now}, tolerance ${tol} s). ` +
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
  if (url !== undefined && sub !== url) {
    fail(
      "URL_MISMATCH",
      `The token was issued for ${JSON.stringify(sub.slice(0, 2048))} but verify() was given ` +
        `${JSON.stringify(String(url).slice(0, 2048))}. The comparison is exact (scheme, host, path, trailing slash, query); ` +
        "behind a proxy or tunnel pass the public URL QStash calls.",
    );
  }
  let end = body.length;
  while (end > 0 && body.charCodeAt(end - 1) === 61 /* = */) end--;
  return body.slice(0, end);
}
