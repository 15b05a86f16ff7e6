// ARCHITECTURE.md stays the map of what is there: every file it lists exists,
// every source file is listed, and imports point the way it says. When a file
// is added, moved or removed, the failure names the row to add or drop.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/stack.ts";

const doc = readFileSync(join(repoRoot, "ARCHITECTURE.md"), "utf8");
/** The repository's files: tracked or new, not ignored, not deleted. */
const tracked = new Set(
  execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => f !== "" && existsSync(join(repoRoot, f))),
);

/** Folders whose every file must have a row (the shipped code and the tooling around it). */
const mapped = ["provider/", "sdk/", "devserver/", "deps/", "bin/", "scripts/", "tools/"];

/**
 * The paths the document's file tables name: tables whose first column is
 * headed "file" or "path". A row names a file or folder relative to the
 * nearest heading that names exactly one folder (`## \`sdk/client/\``), unless
 * it already starts with that folder.
 */
function listedPaths(): string[] {
  const out: string[] = [];
  let base = "";
  let inTable = false;
  for (const line of doc.split("\n")) {
    if (/^#{1,4} /.test(line)) {
      const named = [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      base = named.length === 1 && named[0]!.endsWith("/") ? named[0]! : "";
    }
    if (!line.startsWith("|")) inTable = false;
    else if (/^\|\s*(file|path)\s*\|/.test(line)) inTable = true;
    else if (inTable) {
      const row = /^\|\s*`([\w./-]+)`\s*\|/.exec(line);
      if (row) {
        const name = row[1]!;
        const full = name.startsWith(base) ? name : base + name;
        out.push(normalize(full).replace(/\/?$/, name.endsWith("/") ? "/" : ""));
      }
    }
  }
  return out;
}

const listed = listedPaths();
const isListed = (file: string) => listed.some((p) => p === file || (p.endsWith("/") && file.startsWith(p)));

describe("ARCHITECTURE.md is true to the tree", () => {
  it("every file or folder it lists exists", () => {
    const missing = listed.filter((p) =>
      p.endsWith("/") ? ![...tracked].some((f) => f.startsWith(p)) : !tracked.has(p),
    );
    expect(missing, "rows naming files that are not in the repository").toEqual([]);
  });

  it("every repository path named anywhere in its text exists", () => {
    const top = "provider|sdk|devserver|deps|bin|scripts|tools|test|bench|examples|quickstart|docs|\\.ci";
    const named = [...doc.matchAll(new RegExp(`\`((?:${top})/[\\w./-]*)\``, "g"))].map((m) => m[1]!);
    const exists = (p: string) =>
      tracked.has(p) || [...tracked].some((f) => f.startsWith(p.endsWith("/") ? p : `${p}/`));
    expect(named.length).toBeGreaterThan(0);
    expect(
      named.filter((p) => !exists(p)),
      "paths in ARCHITECTURE.md that are not in the repository",
    ).toEqual([]);
  });

  it("every file of the mapped folders has a row", () => {
    const unlisted = [...tracked].filter((f) => mapped.some((m) => f.startsWith(m)) && !isListed(f));
    expect(unlisted, "files without a row in ARCHITECTURE.md").toEqual([]);
  });

  it("names no path outside the repository", () => {
    expect(doc).not.toMatch(/\.\.\/shared|\/work\/|\]\(\.\.\//);
  });
});

// ------------------------------------------------------------------ imports

const sources = [...tracked].filter((f) => /^(provider|sdk|devserver|deps)\/.*\.ts$/.test(f));

/**
 * The package's own `#name` imports (package.json `imports`), resolved to every
 * source file they may select: the `qstash-source` condition names them.
 */
const packageImports: Record<string, unknown> =
  JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).imports ?? {};
function sourcesOf(spec: string): string[] {
  const source = (packageImports[spec] as { "qstash-source"?: unknown } | undefined)?.["qstash-source"];
  const targets = typeof source === "string" ? [source] : Object.values(source ?? {});
  return targets.filter((t): t is string => typeof t === "string").map((t) => normalize(t));
}

/** Repository files a source file imports at run time (`import type` excluded). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(repoRoot, file), "utf8");
  const specs = [
    ...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gms),
    ...text.matchAll(/^import\s+"([^"]+)"/gm),
    ...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
  ].map((m) => m[1]!);
  return specs
    .flatMap((s) =>
      s.startsWith("#")
        ? sourcesOf(s)
        : s.startsWith(".")
          ? [normalize(join(dirname(file), s)).replace(/\.js$/, ".ts")]
          : [],
    )
    .filter((f) => tracked.has(f));
}

/** Where each part may import from (besides itself), as ARCHITECTURE.md draws it. */
const allowed: Array<[part: string, may: string[]]> = [
  ["sdk/errors.ts", []],
  ["sdk/qstash-rules.ts", []],
  ["sdk/node-version.ts", []],
  ["sdk/receiver/", ["sdk/errors.ts", "sdk/qstash-rules.ts"]],
  ["sdk/client/", ["sdk/errors.ts", "sdk/qstash-rules.ts", "sdk/node-version.ts"]],
  ["deps/", []],
  ["provider/", ["sdk/client/", "sdk/errors.ts", "sdk/qstash-rules.ts", "sdk/node-version.ts", "deps/"]],
  ["devserver/", ["sdk/receiver/", "sdk/errors.ts", "sdk/qstash-rules.ts", "sdk/node-version.ts", "deps/"]],
];

describe("imports point the way ARCHITECTURE.md draws them", () => {
  it("each part imports only itself and the parts below it", () => {
    const wrong: string[] = [];
    for (const file of sources) {
      const [part, may] = allowed.find(([p]) => file.startsWith(p)) ?? [file, []];
      for (const dep of importsOf(file)) {
        if (!dep.startsWith(part) && !may.some((m) => dep.startsWith(m))) wrong.push(`${file} -> ${dep}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("outside sdk/client, the client's internal/ is reached only through internal/index.ts", () => {
    const wrong = sources
      .filter((f) => !f.startsWith("sdk/client/"))
      .flatMap((f) => importsOf(f).map((d) => `${f} -> ${d}`))
      .filter((e) => /-> sdk\/client\/internal\/(?!index\.ts$)/.test(e));
    expect(wrong).toEqual([]);
  });

  it("no import cycle among the package's source files", () => {
    const graph = new Map(sources.map((f) => [f, importsOf(f)]));
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const walk = (f: string, path: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        cycles.push([...path.slice(path.indexOf(f)), f].join(" -> "));
        return;
      }
      state.set(f, "open");
      for (const d of graph.get(f) ?? []) walk(d, [...path, f]);
      state.set(f, "done");
    };
    for (const f of sources) walk(f, []);
    expect(cycles).toEqual([]);
  });
});
