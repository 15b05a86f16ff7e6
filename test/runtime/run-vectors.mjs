// Runs the published receiver vectors against a receiver module (anything
// exporting `Receiver`). Plain JavaScript with Web APIs only, so the same file
// runs in Node, Deno, Bun, workerd and Chromium.

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

/** Returns one result per vector: { name, expect, got, pass }. */
export async function runVectors(mod, doc) {
  const results = [];
  for (const v of doc.vectors) {
    let got;
    try {
      const receiver = new mod.Receiver({
        currentSigningKey: v.currentSigningKey,
        nextSigningKey: v.nextSigningKey,
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
      got = e && e.name === "SignatureError" ? e.code : `threw ${e?.name}: ${e?.message}`;
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
