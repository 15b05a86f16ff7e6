// Bundle measurements for the receiver: minified esbuild browser bundles of a
// one-line entry, with the list of input files that ended up in each. Used by
// the bench entries and by test/runtime/receiver-types.test.ts and
// client-bundle.test.ts.
//   node tools/receiver-bundle.ts          prints the report
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export const root: string = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface BundleResult {
  bytes: number;
  /** The files that contributed code to the output, with their bytes in it. */
  inputs: Array<{ path: string; bytes: number }>;
  code: string;
}

/** Bundles `source` (resolved from the repo root) for the browser; returns bytes, inputs and code. */
export async function bundle(
  source: string,
  { minify = true, format = "esm" }: { minify?: boolean; format?: "esm" | "iife" } = {},
): Promise<BundleResult> {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: root, loader: "js", sourcefile: "entry.mjs" },
    bundle: true,
    minify,
    format,
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  // Files that contributed code to the output (parsed-but-shaken files excluded).
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(output!.inputs)
    .filter(([p, info]) => p !== "entry.mjs" && info.bytesInOutput > 0)
    .map(([p, info]) => ({ path: relative(root, join(root, p)), bytes: info.bytesInOutput }));
  return { bytes: Buffer.byteLength(code), inputs, code };
}

/** Ours (`import { Receiver }` and the whole entry) vs the official `Receiver`. */
export async function receiverBundleReport(): Promise<{
  ours: BundleResult;
  all: BundleResult;
  official: BundleResult;
  ratio: number;
}> {
  const use = "globalThis.__keep = Receiver;";
  const ours = await bundle(`import { Receiver } from "pulumi-qstash/receiver"; ${use}`);
  const all = await bundle(`import * as all from "pulumi-qstash/receiver"; globalThis.__keep = all;`);
  const official = await bundle(`import { Receiver } from "@upstash/qstash"; ${use}`);
  return { ours, all, official, ratio: ours.bytes / official.bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await receiverBundleReport();
  console.log(`import { Receiver } from "pulumi-qstash/receiver": ${r.ours.bytes} B, inputs:`);
  for (const i of r.ours.inputs) console.log(`  ${i.path} (${i.bytes} B)`);
  console.log(`import * from "pulumi-qstash/receiver" (every adapter): ${r.all.bytes} B`);
  console.log(
    `import { Receiver } from "@upstash/qstash": ${r.official.bytes} B (${r.official.inputs.length} inputs)`,
  );
  console.log(`ratio ${r.ratio.toFixed(3)} (target <= 0.25)`);
}
