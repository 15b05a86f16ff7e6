/**
 * What is generated from the property declarations (provider/property.ts) and
 * committed: the TypeScript `*Args` and output types of the resources
 * (provider/resource-types.ts: plain TypeScript, so a program's compiler
 * needs no zod) and the README's reference tables. test/unit/generated.test.ts
 * fails when either is stale; `npm run generate` writes them.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as z from "zod";
import { inputJsonSchema, type Json, schemaInputKeys } from "../../provider/plugin/schema.js";
import { metaOf } from "../../provider/property.js";
import type { ResourceKind } from "../../provider/resource-base.js";
import { handler, RESOURCE_KINDS } from "../../provider/runtime.js";
import { connectionFields } from "../../provider/validators.js";
import { repoRoot } from "./stack.ts";

const jsonOf = (schema: z.ZodType, io: "input" | "output"): Json => inputJsonSchema(schema, io);

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function docComment(text: string | undefined, indent: string): string {
  if (!text) return "";
  return `${indent}/** ${text.replaceAll("*/", "*\\/")} */\n`;
}

/** Named object types the renderers collect, in order of first use. */
type Named = Map<string, string>;

/**
 * The TypeScript type of a JSON Schema node. `input`: every level a
 * `pulumi.Input`, as a program passes it; otherwise the plain value.
 */
function tsOf(js: Json, name: string, named: Named, input: boolean): string {
  const t = inner(js, name, named, input);
  return input ? `pulumi.Input<${t}>` : t;
}

/** The type of a node without the outer `pulumi.Input`. */
function inner(js: Json, name: string, named: Named, input: boolean): string {
  if (js.tsType) return js.tsType;
  const alts = js.anyOf ?? js.oneOf;
  if (alts) return [...new Set(alts.map((a, i) => inner(a, `${name}${i}`, named, input)))].join(" | ");
  if (js.const !== undefined) return JSON.stringify(js.const);
  if (js.enum) return js.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(js.type))
    return js.type.map((type) => inner({ ...js, type }, name, named, input)).join(" | ");
  switch (js.type) {
    case "string":
    case "number":
    case "boolean":
      return js.type;
    case "integer":
      return "number";
    case "array":
      return `${js.items ? tsOf(js.items, name, named, input) : "unknown"}[]`;
    case "object": {
      if (js.properties && Object.keys(js.properties).length) {
        named.set(name, objectBody(js, name, named, input, "  "));
        return name;
      }
      const ap = typeof js.additionalProperties === "object" ? js.additionalProperties : undefined;
      return `Record<string, ${ap ? tsOf(ap, name, named, input) : "unknown"}>`;
    }
    default:
      return "unknown";
  }
}

function objectBody(js: Json, name: string, named: Named, input: boolean, indent: string): string {
  const required = new Set(js.required ?? []);
  let out = "";
  for (const [k, p] of Object.entries(js.properties ?? {})) {
    if (p.hidden) continue;
    const opt = required.has(k) ? "" : "?";
    const suffix = input ? "Args" : "Output";
    const t =
      input && p.tsArg
        ? p.tsArg
        : tsOf(
            p,
            `${name.replace(/(Args|Output)$/, "")}${pascal(k.replace(/s$/, ""))}${suffix}`,
            named,
            input,
          );
    out += docComment(p.description, indent);
    out += `${indent}${k}${opt}: ${t};\n`;
  }
  return out;
}

/** The output side of one kind: each property a `pulumi.Output` of what state holds. */
function outputsBody(kind: ResourceKind, named: Named): string {
  const h = handler(kind);
  const ins = jsonOf(h.inputs, "output");
  const insIn = jsonOf(h.inputs, "input");
  const outs = jsonOf(h.outputs, "output");
  const fields = new Map<string, { js: Json; present: boolean }>();
  // inputs with defaults are always present; the others only when given
  for (const [k, p] of Object.entries(ins.properties ?? {})) {
    if (p.hidden || k === "connection" || k === "adopt") continue;
    // a check that transforms has no output schema: fall back to what the program gave
    const js = Object.keys(p).some((x) => x === "type" || x === "anyOf" || x === "const" || x === "enum")
      ? p
      : (insIn.properties?.[k] ?? p);
    fields.set(k, { js, present: (ins.required ?? []).includes(k) });
  }
  for (const [k, p] of Object.entries(outs.properties ?? {}))
    fields.set(k, { js: p, present: (outs.required ?? []).includes(k) });
  let out = "";
  for (const [k, { js, present }] of fields) {
    const t = inner(js, `${kind}${pascal(k.replace(/s$/, ""))}Output`, named, false);
    out += docComment(js.description, "  ");
    out += `  readonly ${k}: pulumi.Output<${t}${present ? "" : " | undefined"}>;\n`;
  }
  return out;
}

/** provider/resource-types.ts as the declarations say it should read. */
export function resourceTypes(): string {
  const parts: string[] = [];
  const named: Named = new Map();
  const conn = jsonOf(connectionFields, "input");
  parts.push(
    `${docComment("Where a resource's QStash lives when it differs from the provider's configuration (stacks spanning regions or accounts). Stored in state only as a secret.", "")}export interface ConnectionArgs {\n${objectBody(conn, "ConnectionArgs", named, true, "  ")}}\n`,
  );
  for (const kind of RESOURCE_KINDS) {
    const h = handler(kind);
    const js = jsonOf(h.inputs, "input");
    const kindNamed: Named = new Map();
    const body = objectBody(
      {
        ...js,
        properties: {
          ...js.properties,
          connection: { ...js.properties?.connection, tsArg: "pulumi.Input<ConnectionArgs>" },
        },
      },
      `${kind}Args`,
      kindNamed,
      true,
      "  ",
    );
    for (const [n, b] of kindNamed) parts.push(`export interface ${n} {\n${b}}\n`);
    parts.push(
      `${docComment(`Arguments of a {@link ${kind}}.`, "")}export interface ${kind}Args {\n${body}}\n`,
    );
    const outNamed: Named = new Map();
    const outs = outputsBody(kind, outNamed);
    for (const [n, b] of outNamed) parts.push(`export interface ${n} {\n${b}}\n`);
    parts.push(
      `${docComment(`What a {@link ${kind}} holds after create, update or refresh.`, "")}export interface ${kind}Outputs {\n${outs}}\n`,
    );
  }
  const list = (keys: string[]) => `[${keys.map((k) => JSON.stringify(k)).join(", ")}]`;
  const declared = RESOURCE_KINDS.map((kind) => {
    const h = handler(kind);
    const keys = Object.keys(h.inputs.shape);
    const where = (pick: (m: ReturnType<typeof metaOf>) => boolean | undefined) =>
      list(keys.filter((k) => pick(metaOf(h.inputs, k))));
    return (
      `  ${kind}: {\n    inputs: ${list(keys)},\n    secrets: ${where((m) => m.secret)},\n` +
      `    outputs: ${list(Object.keys(h.outputs.shape))},\n    unreported: ${where((m) => m.unreported)},\n  },\n`
    );
  }).join("");
  parts.push(
    `${docComment("Each kind's declared properties as plain data: what its resource class registers (inputs, the always-secret ones, the output-only ones) and what QStash does not report back (refresh and import keep it as applied). A program and import-file read this without loading zod.", "")}export const DECLARED = {\n${declared}} as const;\n`,
  );
  const usesUrlGroup = parts.some((p) => /\bUrlGroup\b(?!Args|Outputs|Endpoint)/.test(p));
  return [
    "// Generated from the property declarations (provider/property.ts and each kind's schema.ts)",
    "// by `npm run generate`; test/unit/generated.test.ts fails when it is stale. Do not edit.",
    'import type * as pulumi from "@pulumi/pulumi";',
    ...(usesUrlGroup ? ['import type { UrlGroup } from "./url-group/resource.js";'] : []),
    "",
    parts.join("\n"),
  ].join("\n");
}

/** One README reference table: property, required, on change, description. */
export function referenceTable(kind: ResourceKind): string {
  const h = handler(kind);
  const js = jsonOf(h.inputs, "input");
  const required = new Set(js.required ?? []);
  const rows = schemaInputKeys(kind).map((k) => {
    const m = metaOf(h.inputs, k);
    const change =
      k === "connection" ? "replace (url/region), update (token)" : m.replaces ? "replace" : "update";
    return [`\`${k}\``, required.has(k) ? "yes" : "no", change, m.description.replaceAll("|", "\\|")];
  });
  const outs = Object.keys(h.outputs.shape).map((k) => [`\`${k}\``, metaOf(h.outputs, k).description]);
  const outputs = outs.length
    ? `Outputs: the inputs, and\n\n${markdownTable(["output", "description"], outs)}`
    : "Outputs: the inputs.";
  return `${markdownTable(["property", "required", "on change", "description"], rows)}\n\n${outputs}`;
}

/** A table as the formatter writes it: every column padded to its widest cell. */
function markdownTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const MARK = (kind: string) =>
  [`<!-- generated: ${kind} properties -->`, `<!-- end generated: ${kind} -->`] as const;

/** README.md with each kind's table regenerated between its markers. */
export function readmeWithTables(readme: string): string {
  let out = readme;
  for (const kind of RESOURCE_KINDS) {
    const [start, end] = MARK(kind);
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} section`);
    out = `${out.slice(0, a + start.length)}\n\n${referenceTable(kind)}\n\n${out.slice(b)}`;
  }
  return out;
}

/** `text` as the repository's formatter writes `file`, so `biome check` and this check agree. */
function formatted(file: string, text: string): string {
  return execFileSync(
    join(repoRoot, "node_modules", ".bin", "biome"),
    ["format", `--stdin-file-path=${file}`],
    {
      input: text,
      cwd: repoRoot,
      encoding: "utf8",
    },
  );
}

export const generatedFiles = {
  "provider/resource-types.ts": () => formatted("provider/resource-types.ts", resourceTypes()),
  "README.md": () =>
    formatted("README.md", readmeWithTables(readFileSync(join(repoRoot, "README.md"), "utf8"))),
} as const;
