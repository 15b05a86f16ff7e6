import { describe, expect, it } from "vitest";
import { Receiver } from "../../sdk/receiver/index.js";
import { nodeSigner as node, webSigner as web } from "../support/receivers.js";

describe("the signer gives the same tokens on Web Crypto and on node:crypto", () => {
  const base = {
    signingKey: "sig_signerTestKeyAAAAAAAAAAAAAAAA",
    url: "http://127.0.0.1:9/x",
    now: 1_800_000_000,
    jwtId: "jwt_fixed",
  };
  for (const body of ["", '{"a":1}', new Uint8Array([0, 255, 128, 10]), "ünïcødé"]) {
    it(`body ${JSON.stringify(typeof body === "string" ? body : [...body])}`, async () => {
      const a = await web.signDelivery({ ...base, body });
      const b = await node.signDelivery({ ...base, body });
      expect(b).toBe(a);
      expect(await node.bodyHash(body)).toBe(await web.bodyHash(body));
      const r = new Receiver({
        currentSigningKey: base.signingKey,
        nextSigningKey: "sig_other",
        now: () => base.now * 1000,
      });
      await expect(r.verify({ signature: a, body, url: base.url })).resolves.toBe(true);
    });
  }
  it("ids have QStash's shape", () => {
    expect(node.randomId("msg_")).toMatch(/^msg_[1-9A-HJ-NP-Za-km-z]{28}$/);
    expect(web.randomId("jwt_")).toMatch(/^jwt_[1-9A-HJ-NP-Za-km-z]{28}$/);
  });
});
