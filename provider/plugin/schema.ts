import * as z from "../../deps/zod.js";
import type { ResourceKind } from "../resource-base.js";
import { handler } from "../runtime.js";
import { CONNECTION_DOCS, HIDDEN_INPUTS, INPUT_DOCS, OUTPUT_DOCS, RESOURCE_DOCS } from "./docs.js";
import { GET_SIGNING_KEYS, KINDS, PACKAGE, tokenOf } from "./kinds.js";

/** The subset of the Pulumi package schema this provider uses. */
export interface TypeSpec {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
}

export interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
  willReplaceOnChanges?: boolean;
  default?: unknown;
}

export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
}

export interface PackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  license: string;
  keywords: string[];
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  resources: Record<string, ResourceSpec>;
  functions: Record<string, unknown>;
  types: Record<string, ObjectTypeSpec>;
  language: Record<string, unknown>;
}

type Json = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Json>;
  required?: string[];
  items?: Json;
  additionalProperties?: Json | boolean;
  anyOf?: Json[];
  oneOf?: Json[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
};

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** JSON Schema of a zod schema's input side (what a program writes, before defaults and transforms). */
export function inputJsonSchema(schema: z.ZodType<unknown>): Json {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
}

/**
 * Convert one JSON Schema node (from zod) into a Pulumi type. Objects with
 * declared properties become named types under `types`, so every language
 * gets a real struct/class for them.
 */
function toType(
  js: Json,
  typeName: string,
  types: Record<string, ObjectTypeSpec>,
  docs?: Record<string, PropertyDocLike>,
): TypeSpec {
  const alts = js.anyOf ?? js.oneOf;
  if (alts) {
    const mapped = alts.map((a, i) => toType(a, `${typeName}${i}`, types, docs));
    const unique = mapped.filter(
      (t, i) => mapped.findIndex((u) => JSON.stringify(u) === JSON.stringify(t)) === i,
    );
    return unique.length === 1 ? unique[0]! : { oneOf: unique };
  }
  if (js.const !== undefined) return { type: primitive(typeof js.const) };
  if (js.enum) return { type: primitive(typeof js.enum[0]) };
  if (Array.isArray(js.type)) {
    if (js.type.length > 1)
      return toType({ anyOf: js.type.map((type) => ({ ...js, type })) }, typeName, types, docs);
    return toType({ ...js, type: js.type[0] ?? "string" }, typeName, types, docs);
  }
  const t = js.type;
  switch (t) {
    case "array":
      return { type: "array", items: js.items ? toType(js.items, typeName, types) : {} };
    case "object": {
      if (js.properties && Object.keys(js.properties).length) {
        const token = `${PACKAGE}:index:${typeName}`;
        const required = js.required ?? [];
        const properties: Record<string, PropertySpec> = {};
        for (const [k, p] of Object.entries(js.properties)) {
          properties[k] = propertyOf(p, `${typeName}${pascal(k)}`, types, docs?.[k]);
        }
        types[token] = {
          type: "object",
          properties,
          ...(required.length ? { required: [...required] } : {}),
        };
        return { $ref: `#/types/${token}` };
      }
      const ap = typeof js.additionalProperties === "object" ? js.additionalProperties : undefined;
      return { type: "object", ...(ap ? { additionalProperties: toType(ap, typeName, types) } : {}) };
    }
    case "string":
    case "integer":
    case "number":
    case "boolean":
      return { type: t };
    default:
      // unrepresentable in the schema language: accept any JSON value
      return {};
  }
}

function primitive(t: string): "string" | "number" | "boolean" {
  return t === "number" ? "number" : t === "boolean" ? "boolean" : "string";
}

type PropertyDocLike = { description: string; secret?: true };

function propertyOf(
  js: Json,
  typeName: string,
  types: Record<string, ObjectTypeSpec>,
  doc: PropertyDocLike | undefined,
): PropertySpec {
  const description = js.description ?? doc?.description;
  return {
    ...toType(js, typeName, types, typeName.endsWith("Connection") ? CONNECTION_DOCS : undefined),
    ...(description ? { description } : {}),
    ...(doc?.secret ? { secret: true } : {}),
    ...(js.default !== undefined ? { default: js.default } : {}),
  };
}

/** The input properties of one kind, straight from its zod schema (hidden ones left out). */
export function schemaInputKeys(kind: ResourceKind): string[] {
  const hidden = HIDDEN_INPUTS[kind] ?? [];
  return Object.keys(inputJsonSchema(handler(kind).schema).properties ?? {}).filter(
    (k) => !hidden.includes(k),
  );
}

function resourceSpec(kind: ResourceKind, types: Record<string, ObjectTypeSpec>): ResourceSpec {
  const h = handler(kind);
  const js = inputJsonSchema(h.schema);
  const hidden = HIDDEN_INPUTS[kind] ?? [];
  const docs = INPUT_DOCS[kind];
  const inputProperties: Record<string, PropertySpec> = {};
  for (const [k, p] of Object.entries(js.properties ?? {})) {
    if (hidden.includes(k)) continue;
    // one shared type for the connection override
    const typeName = k === "connection" ? "Connection" : `${kind}${pascal(k.replace(/s$/, ""))}`;
    inputProperties[k] = {
      ...propertyOf(p, typeName, types, docs[k]),
      ...(h.replaceKeys.includes(k) ? { willReplaceOnChanges: true } : {}),
    };
  }
  const requiredInputs = (js.required ?? []).filter((k) => !hidden.includes(k));
  const properties: Record<string, PropertySpec> = {};
  for (const [k, p] of Object.entries(inputProperties)) {
    const { willReplaceOnChanges: _, default: __, ...rest } = p;
    properties[k] = rest;
  }
  const required = [
    ...requiredInputs,
    // defaults are filled in by check, so outputs always carry them
    ...Object.entries(inputProperties)
      .filter(([, p]) => p.default !== undefined)
      .map(([k]) => k),
  ];
  for (const [k, o] of Object.entries(OUTPUT_DOCS[kind])) {
    properties[k] = { type: o.type, description: o.description, ...(o.secret ? { secret: true } : {}) };
    if (o.required && !required.includes(k)) required.push(k);
  }
  return {
    description: RESOURCE_DOCS[kind],
    inputProperties,
    requiredInputs,
    properties,
    required: [...new Set(required)],
  };
}

function connectionProperties(): Record<string, PropertySpec> {
  const out: Record<string, PropertySpec> = {};
  for (const [k, d] of Object.entries(CONNECTION_DOCS)) {
    out[k] = { type: "string", description: d.description, ...(d.secret ? { secret: true } : {}) };
  }
  return out;
}

/**
 * The package schema of `pulumi-resource-qstash`, derived from the zod
 * schemas and handlers that also serve the dynamic provider: types and
 * required properties from the zod input schemas, replace-on-change from the
 * handlers' replace keys, descriptions and secrets from docs.ts.
 */
export function packageSchema(version: string): PackageSchema {
  const types: Record<string, ObjectTypeSpec> = {};
  const resources: Record<string, ResourceSpec> = {};
  for (const kind of KINDS) resources[tokenOf(kind)] = resourceSpec(kind, types);
  const conn = connectionProperties();
  return {
    name: PACKAGE,
    displayName: "Upstash QStash",
    version,
    description: "Upstash QStash URL groups, endpoints, schedules and queues (pulumi-qstash).",
    license: "Apache-2.0",
    keywords: ["pulumi", "qstash", "upstash", "category/cloud", "kind/native"],
    config: { variables: conn },
    provider: {
      description: "The QStash provider: configured by qstash:token, qstash:url and qstash:region.",
      inputProperties: conn,
    },
    resources,
    functions: {
      [GET_SIGNING_KEYS]: {
        description:
          "The account's current and next signing keys, to hand to the handlers that verify deliveries. Read-only.",
        inputs: { properties: conn },
        outputs: {
          properties: {
            currentSigningKey: { type: "string", secret: true, description: "The signing key in use." },
            nextSigningKey: {
              type: "string",
              secret: true,
              description: "The key that replaces it on rotation.",
            },
          },
          required: ["currentSigningKey", "nextSigningKey"],
        },
      },
    },
    types,
    language: {
      nodejs: { packageName: "pulumi-qstash-plugin-sdk" },
      go: { importBasePath: "pulumi-qstash/sdk/go/qstash", generateResourceContainerTypes: false },
    },
  };
}
