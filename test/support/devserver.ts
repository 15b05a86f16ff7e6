// Helpers for devserver tests: local destination servers on 127.0.0.1 that record
// every delivery, and a tiny validator for the OpenAPI subset qstash-openapi.yaml uses.
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  /** Raw request target (path and query). */
  target: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Destination {
  url: string;
  received: Received[];
  /** Decide the response per request; default 200 "ok". */
  respond: (r: Received, res: ServerResponse) => void;
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A local HTTP server standing in for a user's endpoint. */
export async function startDestination(): Promise<Destination> {
  const received: Received[] = [];
  const d: Destination = {
    url: "",
    received,
    respond: (_r, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    },
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} deliveries, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = {
        method: req.method ?? "",
        target: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(r);
      d.respond(r, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  d.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.unref();
  return d;
}

// ------------------------------------------------------------------ OpenAPI

// js-yaml ships without types and is only a transitive dependency: load it untyped.
const yaml = createRequire(import.meta.url)("js-yaml") as { load(text: string): unknown };

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  oneOf?: Schema[];
  anyOf?: Schema[];
};

const specPath = new URL("../../../shared/reference/qstash-openapi.yaml", import.meta.url);
let spec: any;

export function openapi(): any {
  spec ??= yaml.load(readFileSync(specPath, "utf8"));
  return spec;
}

/** The JSON schema of `components.schemas[name]`. */
export function componentSchema(name: string): Schema {
  const s = openapi().components.schemas[name];
  if (!s) throw new Error(`no schema ${name} in the OpenAPI spec`);
  return s;
}

/** The 200 response schema of one operation in the spec. */
export function responseSchema(path: string, method: string, status = "200"): Schema {
  const op = openapi().paths[path]?.[method];
  const s = op?.responses?.[status]?.content?.["application/json"]?.schema;
  if (!s) throw new Error(`no ${status} JSON schema for ${method.toUpperCase()} ${path}`);
  return s;
}

function resolve(s: Schema): Schema {
  let cur = s;
  while (cur.$ref) {
    const name = cur.$ref.replace("#/components/schemas/", "");
    cur = componentSchema(name);
  }
  return cur;
}

/**
 * Validates `value` against the subset of JSON Schema the QStash spec uses (type,
 * properties, required, items, additionalProperties, oneOf, $ref). Returns error strings;
 * empty means valid.
 */
export function validate(value: unknown, schema: Schema, at = "$"): string[] {
  const s = resolve(schema);
  if (s.oneOf || s.anyOf) {
    const alts = (s.oneOf ?? s.anyOf)!.map((alt) => validate(value, alt, at));
    return alts.some((e) => e.length === 0)
      ? []
      : [`${at}: matches no alternative (${alts.map((e) => e.join("; ")).join(" | ")})`];
  }
  const errs: string[] = [];
  const t = s.type;
  const actual = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  if (t === "integer") {
    if (!(typeof value === "number" && Number.isInteger(value)))
      errs.push(`${at}: expected integer, got ${JSON.stringify(value)}`);
    return errs;
  }
  if (t && t !== actual) return [`${at}: expected ${t}, got ${actual}`];
  if (actual === "array" && s.items)
    for (const [i, v] of (value as unknown[]).entries()) errs.push(...validate(v, s.items!, `${at}[${i}]`));
  if (actual === "object") {
    const obj = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) errs.push(`${at}: missing required ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      const ps = s.properties?.[k];
      if (ps) errs.push(...validate(v, ps, `${at}.${k}`));
      else if (typeof s.additionalProperties === "object")
        errs.push(...validate(v, s.additionalProperties, `${at}.${k}`));
      else if (s.additionalProperties === false) errs.push(`${at}: unexpected property ${k}`);
    }
  }
  return errs;
}

/** Keys of `value` that the schema does not declare (the spec allows extras; we report them). */
export function undeclaredKeys(value: Record<string, unknown>, schema: Schema): string[] {
  const s = resolve(schema);
  return Object.keys(value).filter((k) => !(k in (s.properties ?? {})));
}
