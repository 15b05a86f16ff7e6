// Runs the published receiver vectors against a receiver module (anything
// exporting `Receiver`). Plain JavaScript with Web APIs only, unlike the
// TypeScript helpers in tools/ and test/support/: the same file runs in Node,
// Deno and Bun as it is and inside the workerd worker and the Chromium page,
// and JavaScript is what all five load alike, so no runtime's TypeScript
// handling is part of what the runtime tests compare. Its types for the
// TypeScript tests are in run-vectors.d.mts.

function bodyOf(spec) {
  if (spec.base64 !== undefined) {
    const bin = atob(spec.base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }
  if (spec.as === "arraybuffer") return new TextEncoder().encode(spec.utf8).buffer;
  return spec.utf8;
}

const outcome = (e) => (e && e.name === "SignatureError" ? e.code : `threw ${e?.name}: ${e?.message}`);

function bytesOf(body) {
  if (typeof body === "string") return new TextEncoder().encode(body);
  return body instanceof ArrayBuffer ? new Uint8Array(body) : body;
}

// The body as a Request carries it: whole, or (every other vector) streamed
// in two chunks, so the adapter's reader sees more than one.
function requestOf(v, streamed) {
  const headers = v.token === null || v.token === undefined ? {} : { "upstash-signature": v.token };
  const bytes = bytesOf(bodyOf(v.body));
  if (!streamed) return new Request("http://127.0.0.1/", { method: "POST", headers, body: bodyOf(v.body) });
  const half = bytes.length >> 1;
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.slice(0, half));
      controller.enqueue(bytes.slice(half));
      controller.close();
    },
  });
  return new Request("http://127.0.0.1/", { method: "POST", headers, body, duplex: "half" });
}

// The same vector through the Fetch adapter, which reads the body itself:
// the same outcome, and on success the body's bytes exactly.
async function viaFetchAdapter(mod, v, receiver, streamed) {
  try {
    const d = await mod.verifyFetchRequest(requestOf(v, streamed), { receiver, url: v.url });
    const want = bytesOf(bodyOf(v.body));
    const same = d.bytes.length === want.length && d.bytes.every((b, i) => b === want[i]);
    return same ? "valid" : "valid, but the bytes differ";
  } catch (e) {
    return outcome(e);
  }
}

/**
 * Returns one result per vector: { name, expect, got, pass }. With a module
 * that has `verifyFetchRequest` (the package's entry), each vector is also
 * sent as a Request through it, and must end the same way.
 */
export async function runVectors(mod, doc) {
  const results = [];
  for (const [index, v] of doc.vectors.entries()) {
    let got;
    let receiver;
    try {
      receiver = new mod.Receiver({
        currentSigningKey: v.currentSigningKey,
        nextSigningKey: v.nextSigningKey,
        clockTolerance: v.clockTolerance,
        now: () => v.now * 1000,
      });
      const ok = await receiver.verify({
        signature: v.token,
        body: bodyOf(v.body),
        url: v.url,
        clockTolerance: v.clockTolerance,
      });
      got = ok === true ? "valid" : `returned ${ok}`;
    } catch (e) {
      got = outcome(e);
    }
    if (receiver && typeof mod.verifyFetchRequest === "function") {
      const adapter = await viaFetchAdapter(mod, v, receiver, index % 2 === 1);
      if (adapter !== got) got = `${got}, but ${adapter} through verifyFetchRequest`;
    }
    results.push({ name: v.name, expect: v.expect, got, pass: got === v.expect });
  }
  return results;
}

/** One-line summary, e.g. "72/72 passed" or the failures. */
export function summarize(results) {
  const failed = results.filter((r) => !r.pass);
  return failed.length === 0
    ? `${results.length}/${results.length} passed`
    : `${results.length - failed.length}/${results.length} passed; failed: ${failed
        .map((r) => `${r.name} (want ${r.expect}, got ${r.got})`)
        .join("; ")}`;
}
