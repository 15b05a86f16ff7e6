// Publishes one JSON message with the BUILT client from a server-side runtime
// (Deno, Bun, Node):
//   <runtime> test/runtime/publish.mjs <baseUrl> <token> <destination>
// and prints one JSON line { runtime, messageId, transport }.
import { Client } from "pulumi-qstash/client";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const runtime = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
const [baseUrl, token, url] = args;
const client = new Client({ baseUrl, token, retry: { retries: 2 } });
const { messageId } = await client.publishJSON({ url, body: { runtime, sent: "from the client" } });
await client.close();
// Which transport this runtime's conditions pick for the package's `#transport`.
const transport = import.meta.resolve("#transport");
console.log(JSON.stringify({ runtime, messageId, transport }));
