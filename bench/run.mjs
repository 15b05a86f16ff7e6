// `npm run bench [entry ...]`: runs the benchmark entries in bench/entries,
// prints one table and writes bench/results.json. Every figure is a ratio
// against a baseline measured in the same run, never an absolute time.
//
// An entry is a module exporting `name` and `async run(ctx)` that returns rows:
//   { figure, value, unit, baseline?, baselineLabel?, ratio?, target?, pass? }
// `target` is a string such as ">= 1.5" or "<= 3000", checked against `ratio`
// when present, otherwise against `value`.
//
// Each entry runs in a process of its own (this script with `--entry <file>`,
// which sends its rows back over the IPC channel), so no figure depends on
// what an earlier entry left in the heap, in connection pools or in timers.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

if (process.argv[2] === "--entry") {
  const mod = await import(pathToFileURL(join(here, "entries", process.argv[3])).href);
  let rows;
  try {
    rows = await mod.run({ log: (m) => process.stderr.write(`[bench:${mod.name}] ${m}\n`) });
  } catch (e) {
    rows = [{ figure: "error", value: String(e?.stack ?? e), pass: false }];
  }
  process.send(rows, () => process.exit(0));
  await new Promise(() => {});
}

/** Runs one entry file in a fresh process; resolves with its rows. */
function runEntry(file) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), "--entry", file],
      {
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      },
    );
    let rows;
    child.on("message", (m) => {
      rows = m;
    });
    child.on("close", (code, signal) => {
      resolve(
        rows ?? [
          { figure: "error", value: `entry process ended (${signal ?? code}) without rows`, pass: false },
        ],
      );
    });
  });
}

const only = process.argv.slice(2);
const files = readdirSync(join(here, "entries"))
  .filter((f) => f.endsWith(".mjs"))
  .sort();

function check(target, x) {
  if (!target || typeof x !== "number") return undefined;
  const m = /^(<=|>=|<|>|==)\s*([\d.]+)/.exec(target);
  if (!m) return undefined;
  const t = Number(m[2]);
  return { "<=": x <= t, ">=": x >= t, "<": x < t, ">": x > t, "==": x === t }[m[1]];
}

// A run of some entries updates those entries and keeps the others' last figures.
let previous = {};
try {
  previous = only.length ? JSON.parse(readFileSync(join(here, "results.json"), "utf8")).entries : {};
} catch {
  // no earlier results
}
const results = { date: new Date().toISOString(), node: process.version, entries: { ...previous } };
const table = [];
for (const f of files) {
  const name = f.replace(/\.mjs$/, "");
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`[bench] ${name} ...\n`);
  const t0 = Date.now();
  const rows = await runEntry(f);
  for (const r of rows) {
    r.pass ??= check(r.target, r.ratio ?? r.value);
    table.push({ entry: name, ...r });
  }
  results.entries[name] = { date: new Date().toISOString(), seconds: (Date.now() - t0) / 1000, rows };
}

const fmt = (x) => (typeof x === "number" ? (Number.isInteger(x) ? String(x) : x.toPrecision(4)) : (x ?? ""));
const cols = ["entry", "figure", "value", "unit", "baseline", "ratio", "target", "pass"];
const lines = [
  cols,
  ...table.map((r) =>
    cols.map((c) => (c === "pass" ? (r.pass === undefined ? "" : r.pass ? "ok" : "MISS") : fmt(r[c]))),
  ),
];
const widths = cols.map((_, i) => Math.min(60, Math.max(...lines.map((l) => String(l[i]).length))));
for (const l of lines) console.log(l.map((c, i) => String(c).slice(0, 60).padEnd(widths[i])).join("  "));
writeFileSync(join(here, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${join(here, "results.json")}`);
