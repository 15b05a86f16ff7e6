// Runs the receiver vectors in a server-side runtime (Node, Deno, Bun):
//   <runtime> test/runtime/entry.mjs <module specifier>
// and prints one JSON line { runtime, summary, results }.
import doc from "../vectors/receiver.json" with { type: "json" };
import { runVectors, summarize } from "./run-vectors.mjs";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const runtime = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
const mod = await import(args[0]);
const results = await runVectors(mod, doc);
const resolved = import.meta.resolve(args[0]);
console.log(JSON.stringify({ runtime, resolved, summary: summarize(results), results }));
