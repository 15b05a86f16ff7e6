// Run by test/install/node20.test.ts with the Node.js under test, in a consumer
// project that installed the packed package: verifies one real delivery and
// two bad ones with `pulumi-qstash/receiver`, through require and import.
// Input: a JSON file (argv[2]) {currentSigningKey, nextSigningKey, signature, body, url}.
"use strict";
const { readFileSync } = require("node:fs");

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));

async function outcome(verify) {
  try {
    return await verify();
  } catch (e) {
    return { error: e.name, code: e.code };
  }
}

async function check(mod) {
  const receiver = new mod.Receiver({
    currentSigningKey: input.currentSigningKey,
    nextSigningKey: input.nextSigningKey,
  });
  const strangers = new mod.Receiver({
    currentSigningKey: "sig_not-the-devservers-current-key",
    nextSigningKey: "sig_not-the-devservers-next-key",
  });
  const { signature, body, url } = input;
  return {
    good: await outcome(() => receiver.verify({ signature, body, url })),
    tampered: await outcome(() => receiver.verify({ signature, body: `${body} `, url })),
    otherUrl: await outcome(() => receiver.verify({ signature, body, url: `${url}/elsewhere` })),
    wrongKeys: await outcome(() => strangers.verify({ signature, body, url })),
  };
}

(async () => {
  const cjs = await check(require("pulumi-qstash/receiver"));
  const esm = await check(await import("pulumi-qstash/receiver"));
  process.stdout.write(`${JSON.stringify({ node: process.versions.node, cjs, esm })}\n`);
})();
