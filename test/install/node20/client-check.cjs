// Run by test/install/node20.test.ts with the Node.js under test, in a consumer
// project that installed the packed package: `pulumi-qstash/client`, through
// require and import, publishes to the devserver and meets a wrong token, a
// refused connection and a server that never answers.
// Input: a JSON file (argv[2]) {baseUrl, token, destination, refusedUrl, silentUrl}.
"use strict";
const { readFileSync } = require("node:fs");

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));

async function failure(call) {
  const started = Date.now();
  try {
    await call();
    return { error: "none" };
  } catch (e) {
    return {
      error: e.name,
      code: e.code,
      status: e.status,
      attempts: e.attempts,
      message: e.message,
      ms: Date.now() - started,
    };
  }
}

async function check(mod, flavour) {
  const client = new mod.Client({ baseUrl: input.baseUrl, token: input.token });
  const published = await client.publishJSON({ url: input.destination, body: { flavour } });
  const wrongToken = new mod.Client({ baseUrl: input.baseUrl, token: "not-the-token", retry: false });
  const refused = new mod.Client({
    baseUrl: input.refusedUrl,
    token: input.token,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });
  const silent = new mod.Client({
    baseUrl: input.silentUrl,
    token: input.token,
    timeoutMs: 400,
    retry: false,
  });
  const out = {
    messageId: published.messageId,
    unauthorized: await failure(() => wrongToken.queues.list()),
    refused: await failure(() => refused.queues.list()),
    timeout: await failure(() => silent.queues.list()),
  };
  await Promise.all([client, wrongToken, refused, silent].map((c) => c.close()));
  return out;
}

(async () => {
  const cjs = await check(require("pulumi-qstash/client"), "cjs");
  const esm = await check(await import("pulumi-qstash/client"), "esm");
  // undici 8 throws while loading below its floor: the client must not have loaded it there
  const undiciLoaded = Object.keys(require.cache).some((k) => /[\\/]node_modules[\\/]undici[\\/]/.test(k));
  process.stdout.write(`${JSON.stringify({ node: process.versions.node, undiciLoaded, cjs, esm })}\n`);
})();
