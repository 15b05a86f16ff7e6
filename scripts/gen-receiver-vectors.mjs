// Generates test/vectors/receiver.json: signature test vectors for the
// receiver, produced by an implementation independent of sdk/receiver
// (node:crypto, written from the QStash docs), so a shared bug cannot make
// both sides agree. Deterministic: fixed keys, times and jti.
//   node scripts/gen-receiver-vectors.mjs
import { createHash, createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "vectors", "receiver.json");
const CURRENT = "sig_7kYjw48Ygb8MDN5kuu2DvW3qeRGbRiEpyHXJXnGY3ZwZ";
const NEXT = "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs7r9PwjzfTvQxBJYd";
const WRONG = "sig_4Bbm1kzLGkgj2ZShrzyJNuHPA2kDHkFHbBYLutqRfWc3";
const NOW = 1767225600; // 2026-01-01T00:00:00Z
const URL = "https://my-app.example.test/api/qstash?team=42";

const b64u = (buf) => Buffer.from(buf).toString("base64url");
const json = (v) => b64u(Buffer.from(JSON.stringify(v), "utf8"));
const hash = (bytes, { pad = true, std = false } = {}) => {
  const d = createHash("sha256")
    .update(bytes)
    .digest(std ? "base64" : "base64url");
  return pad && !std ? d + "=".repeat((4 - (d.length % 4)) % 4) : d;
};
const hmac = (alg, key, input) => b64u(createHmac(alg, Buffer.from(key, "utf8")).update(input).digest());

function claims(bytes, over = {}) {
  const c = {
    iss: "Upstash",
    sub: URL,
    exp: NOW + 300,
    nbf: 0,
    iat: NOW,
    jti: "jwt_67kxXD6UBAk7DqU6hzuHMDdXFXfP",
    body: hash(bytes),
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete c[k];
    else c[k] = v;
  }
  return c;
}

function token({ header = { alg: "HS256", typ: "JWT" }, payload, key = CURRENT, alg = "sha256", raw }) {
  const h = raw?.header ?? json(header);
  const p = raw?.payload ?? json(payload);
  return `${h}.${p}.${key === null ? "" : hmac(alg, key, `${h}.${p}`)}`;
}

const vectors = [];
const text = '{"hello":"world","n":1}';
const textBytes = Buffer.from(text, "utf8");
const utf8 = (s) => ({ utf8: s });
const add = (name, expect, tok, extra = {}) =>
  vectors.push({
    name,
    expect,
    currentSigningKey: CURRENT,
    nextSigningKey: NEXT,
    now: NOW,
    url: URL,
    body: utf8(text),
    token: tok,
    ...extra,
  });
const ok = token({ payload: claims(textBytes) });

// --- accepted
add("valid: signed with the current key", "valid", ok);
add("valid: signed with the next key (rotation)", "valid", token({ payload: claims(textBytes), key: NEXT }));
add("valid: url omitted, sub not checked", "valid", ok, { url: undefined });
add("valid: empty body", "valid", token({ payload: claims(Buffer.alloc(0)) }), { body: utf8("") });
add(
  "valid: unpadded body claim",
  "valid",
  token({ payload: claims(textBytes, { body: hash(textBytes, { pad: false }) }) }),
);
const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x0a]);
add("valid: non-UTF-8 binary body passed as bytes", "valid", token({ payload: claims(binary) }), {
  body: { base64: binary.toString("base64") },
});
add("valid: body passed as ArrayBuffer", "valid", ok, { body: { utf8: text, as: "arraybuffer" } });
const unicode = '{"msg":"héllo 🌍 \\u2028","emoji":"👩‍💻"}';
add("valid: unicode body", "valid", token({ payload: claims(Buffer.from(unicode, "utf8")) }), {
  body: utf8(unicode),
});
add("valid: legacy nbf = iat", "valid", token({ payload: claims(textBytes, { nbf: NOW }) }));
add("valid: no nbf claim", "valid", token({ payload: claims(textBytes, { nbf: undefined }) }));
add(
  "valid: expired 3 s ago within clockTolerance 5",
  "valid",
  token({ payload: claims(textBytes, { exp: NOW - 3 }) }),
  {
    clockTolerance: 5,
  },
);
add(
  "valid: nbf 4 s ahead within clockTolerance 5",
  "valid",
  token({ payload: claims(textBytes, { nbf: NOW + 4 }) }),
  {
    clockTolerance: 5,
  },
);
add(
  "valid: header keys in another order",
  "valid",
  token({ header: { typ: "JWT", alg: "HS256" }, payload: claims(textBytes) }),
);
add("valid: header without typ", "valid", token({ header: { alg: "HS256" }, payload: claims(textBytes) }));
add("valid: only a current key configured", "valid", ok, { nextSigningKey: undefined });

// --- body
add("tampered body", "BODY_MISMATCH", ok, { body: utf8(text.replace("world", "World")) });
add("body re-serialised with spaces", "BODY_MISMATCH", ok, {
  body: utf8(JSON.stringify(JSON.parse(text), null, 1)),
});
add("body with a trailing newline", "BODY_MISMATCH", ok, { body: utf8(`${text}\n`) });
add("binary body decoded as lossy UTF-8 text", "BODY_MISMATCH", token({ payload: claims(binary) }), {
  body: utf8(new TextDecoder().decode(binary)),
});
let stdBody = "";
for (let i = 0; ; i++) {
  stdBody = `{"i":${i}}`;
  if (/[+/]/.test(hash(Buffer.from(stdBody), { std: true }))) break;
}
add(
  "body claim in standard base64 (+ and /)",
  "BODY_MISMATCH",
  token({ payload: claims(Buffer.from(stdBody), { body: hash(Buffer.from(stdBody), { std: true }) }) }),
  {
    body: utf8(stdBody),
  },
);
add("empty body sent, token for a non-empty body", "BODY_MISMATCH", ok, { body: utf8("") });
add("body given as the string [object Object]", "BODY_MISMATCH", ok, { body: utf8("[object Object]") });

// --- keys and signatures
add("signed with an unknown key", "INVALID_SIGNATURE", token({ payload: claims(textBytes), key: WRONG }));
add("signed with the current key, receiver has other keys", "INVALID_SIGNATURE", ok, {
  currentSigningKey: WRONG,
  nextSigningKey: "sig_other",
});
add(
  "signed with the next key, receiver has only the current key",
  "INVALID_SIGNATURE",
  token({ payload: claims(textBytes), key: NEXT }),
  {
    nextSigningKey: undefined,
  },
);
add("key with a trailing newline in the receiver config", "INVALID_SIGNATURE", ok, {
  currentSigningKey: `${CURRENT}\n`,
  nextSigningKey: undefined,
});
add("signature stripped (header.payload.)", "INVALID_SIGNATURE", `${ok.split(".").slice(0, 2).join(".")}.`);
add("signature truncated by one character", "INVALID_SIGNATURE", ok.slice(0, -1));
const flip = (s, i) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
add("signature with one character changed", "INVALID_SIGNATURE", flip(ok, ok.length - 10));
const last = ok[ok.length - 1];
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const sibling = alphabet[alphabet.indexOf(last) + 1]; // same 6 decoded bits except the 2 unused ones
add("signature with non-canonical trailing bits", "INVALID_SIGNATURE", ok.slice(0, -1) + sibling);
add(
  "signature of 64 bytes (HS512 length) under an HS256 header",
  "INVALID_SIGNATURE",
  `${ok.split(".").slice(0, 2).join(".")}.${hmac("sha512", CURRENT, ok.split(".").slice(0, 2).join("."))}`,
);
const other = token({ payload: claims(Buffer.from("other")) });
add(
  "payload swapped from another token",
  "INVALID_SIGNATURE",
  [ok.split(".")[0], other.split(".")[1], ok.split(".")[2]].join("."),
);
add(
  "claims edited without re-signing (sub)",
  "INVALID_SIGNATURE",
  [ok.split(".")[0], json(claims(textBytes, { sub: "https://evil.test/" })), ok.split(".")[2]].join("."),
);

// --- algorithms
add(
  "alg none, empty signature",
  "UNSUPPORTED_ALGORITHM",
  token({ header: { alg: "none", typ: "JWT" }, payload: claims(textBytes), key: null }),
);
add(
  "alg none with an HS256 signature",
  "UNSUPPORTED_ALGORITHM",
  token({ header: { alg: "none" }, payload: claims(textBytes) }),
);
add(
  "HS512 signed with the current key",
  "UNSUPPORTED_ALGORITHM",
  token({ header: { alg: "HS512", typ: "JWT" }, payload: claims(textBytes), alg: "sha512" }),
);
add(
  "HS384 signed with the current key",
  "UNSUPPORTED_ALGORITHM",
  token({ header: { alg: "HS384", typ: "JWT" }, payload: claims(textBytes), alg: "sha384" }),
);
add(
  "RS256 header, HMAC with the key as the 'public key'",
  "UNSUPPORTED_ALGORITHM",
  token({ header: { alg: "RS256", typ: "JWT" }, payload: claims(textBytes) }),
);
add("alg missing", "UNSUPPORTED_ALGORITHM", token({ header: { typ: "JWT" }, payload: claims(textBytes) }));
add(
  "alg in lower case",
  "UNSUPPORTED_ALGORITHM",
  token({ header: { alg: "hs256" }, payload: claims(textBytes) }),
);

// --- claims
add("iss missing", "MISSING_CLAIM", token({ payload: claims(textBytes, { iss: undefined }) }));
add("iss wrong case", "INVALID_ISSUER", token({ payload: claims(textBytes, { iss: "upstash" }) }));
add("sub missing", "MISSING_CLAIM", token({ payload: claims(textBytes, { sub: undefined }) }));
add("body claim missing", "MISSING_CLAIM", token({ payload: claims(textBytes, { body: undefined }) }));
add("exp missing", "MISSING_CLAIM", token({ payload: claims(textBytes, { exp: undefined }) }));
add("exp as a string", "INVALID_CLAIM", token({ payload: claims(textBytes, { exp: String(NOW + 300) }) }));
add("nbf as a string", "INVALID_CLAIM", token({ payload: claims(textBytes, { nbf: "0" }) }));
add("body claim as a number", "INVALID_CLAIM", token({ payload: claims(textBytes, { body: 42 }) }));
add(
  "expired 10 minutes ago",
  "EXPIRED",
  token({ payload: claims(textBytes, { iat: NOW - 900, exp: NOW - 600 }) }),
);
add("exp equal to now", "EXPIRED", token({ payload: claims(textBytes, { exp: NOW }) }));
add("expired 6 s ago, clockTolerance 5", "EXPIRED", token({ payload: claims(textBytes, { exp: NOW - 6 }) }), {
  clockTolerance: 5,
});
add("nbf in the future", "NOT_YET_VALID", token({ payload: claims(textBytes, { nbf: NOW + 60 }) }));
add(
  "nbf 6 s ahead, clockTolerance 5",
  "NOT_YET_VALID",
  token({ payload: claims(textBytes, { nbf: NOW + 6 }) }),
  { clockTolerance: 5 },
);
add("url differs in path", "URL_MISMATCH", ok, { url: "https://my-app.example.test/api/other?team=42" });
add(
  "url with a trailing slash",
  "URL_MISMATCH",
  token({ payload: claims(textBytes, { sub: "https://my-app.example.test/api/" }) }),
  {
    url: "https://my-app.example.test/api",
  },
);
add("url with another scheme", "URL_MISMATCH", ok, { url: URL.replace("https:", "http:") });
add("url without the query", "URL_MISMATCH", ok, { url: URL.split("?")[0] });

// --- token shape
add("no signature header (null)", "MISSING_SIGNATURE", null);
add("empty signature header", "MISSING_SIGNATURE", "");
add("two segments", "MALFORMED_TOKEN", ok.split(".").slice(0, 2).join("."));
add("one segment", "MALFORMED_TOKEN", ok.split(".")[0]);
add("four segments", "MALFORMED_TOKEN", `${ok}.${ok.split(".")[2]}`);
add("five segments (JWE shape)", "MALFORMED_TOKEN", `${ok}..x.y`);
add("Bearer prefix", "MALFORMED_TOKEN", `Bearer ${ok}`);
add(
  "base64 padding in a segment",
  "MALFORMED_TOKEN",
  `${ok.split(".")[0]}=.${ok.split(".").slice(1).join(".")}`,
);
add(
  "header not JSON",
  "MALFORMED_TOKEN",
  token({ raw: { header: b64u("not json"), payload: json(claims(textBytes)) } }),
);
add(
  "header is a JSON array",
  "MALFORMED_TOKEN",
  token({ raw: { header: json(["HS256"]), payload: json(claims(textBytes)) } }),
);
add(
  "signed payload not JSON",
  "MALFORMED_TOKEN",
  token({ raw: { header: json({ alg: "HS256", typ: "JWT" }), payload: b64u("hello") } }),
);
add("signed payload is a JSON array", "MALFORMED_TOKEN", token({ payload: [claims(textBytes)] }));
add(
  "signed payload is not UTF-8",
  "MALFORMED_TOKEN",
  token({
    raw: { header: json({ alg: "HS256", typ: "JWT" }), payload: b64u(Buffer.from([0x7b, 0xff, 0x7d])) },
  }),
);
add(
  "crit header parameter",
  "MALFORMED_TOKEN",
  token({ header: { alg: "HS256", crit: ["exp"] }, payload: claims(textBytes) }),
);
add(
  "huge token (20 kB claim)",
  "MALFORMED_TOKEN",
  token({ payload: claims(textBytes, { pad: "x".repeat(20000) }) }),
);

for (const v of vectors) for (const k of Object.keys(v)) if (v[k] === undefined) delete v[k];
const doc = {
  description:
    "QStash delivery signature vectors: verify `token` against `body` (utf8 text, or base64 bytes; as: arraybuffer means pass an ArrayBuffer) with the given keys, url and clockTolerance at `now` (seconds since the epoch). `expect` is 'valid' or the SignatureError code.",
  generator: "scripts/gen-receiver-vectors.mjs",
  vectors,
};
writeFileSync(out, `${JSON.stringify(doc, null, 1)}\n`);
console.log(`wrote ${vectors.length} vectors to ${out}`);
