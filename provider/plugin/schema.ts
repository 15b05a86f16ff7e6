import * as z from "../../deps/zod.js";
import { type Declaration, properties } from "../property.js";
import type { ResourceKind } from "../resource-base.js";
import { handler } from "../runtime.js";
import { connectionFields } from "../validators.js";
import { type BuildInfo, publishing } from "./build-info.js";
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
  homepage: string;
  repository: string;
  publisher: string;
  pluginDownloadURL: string;
  meta: { supportPack: boolean };
}

/** The JSON Schema zod writes for a declaration, as far as the schema and the generated types read it. */
export type Json = {
  type?: string | string[];
  description?: string;
  /** From the property's declaration (property.ts), carried by zod into the JSON Schema. */
  secret?: boolean;
  hidden?: boolean;
  tsType?: string;
  tsArg?: string;
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

/**
 * JSON Schema of a zod schema's input side (what a program writes, before
 * defaults and transforms), with each declared property's description and
 * secrecy (property.ts).
 */
export function inputJsonSchema(schema: z.ZodType<unknown>, io: "input" | "output" = "input"): Json {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", metadata: properties }) as Json;
}

/**
 * Convert one JSON Schema node (from zod) into a Pulumi type. Objects with
 * declared properties become named types under `types`, so every language
 * gets a real struct/class for them.
 */
function toType(js: Json, typeName: string, types: Record<string, ObjectTypeSpec>): TypeSpec {
  const alts = js.anyOf ?? js.oneOf;
  if (alts) {
    const mapped = alts.map((a, i) => toType(a, `${typeName}${i}`, types));
    const unique = mapped.filter(
      (t, i) => mapped.findIndex((u) => JSON.stringify(u) === JSON.stringify(t)) === i,
    );
    return unique.length === 1 ? unique[0]! : { oneOf: unique };
  }
  if (js.const !== undefined) return { type: primitive(typeof js.const) };
  if (js.enum) return { type: primitive(typeof js.enum[0]) };
  if (Array.isArray(js.type)) {
    if (js.type.length > 1)
      return toType({ anyOf: js.type.map((type) => ({ ...js, type })) }, typeName, types);
    return toType({ ...js, type: js.type[0] ?? "string" }, typeName, types);
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
          properties[k] = propertyOf(p, `${typeName}${pascal(k)}`, types);
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

function propertyOf(js: Json, typeName: string, types: Record<string, ObjectTypeSpec>): PropertySpec {
  return {
    ...toType(js, typeName, types),
    ...(js.description ? { description: js.description } : {}),
    ...(js.secret ? { secret: true } : {}),
    ...(js.default !== undefined ? { default: js.default } : {}),
  };
}

/** The input properties of one kind a program writes, straight from its declaration. */
export function schemaInputKeys(kind: ResourceKind): string[] {
  const h = handler(kind);
  return h.inputKeys.filter((k) => !h.hiddenKeys.includes(k));
}

/** The output-only properties of a declaration, as the package schema's properties. */
function outputProperties(outputs: Declaration): {
  properties: Record<string, PropertySpec>;
  required: string[];
} {
  const js = inputJsonSchema(outputs);
  const out: Record<string, PropertySpec> = {};
  for (const [k, p] of Object.entries(js.properties ?? {})) out[k] = propertyOf(p, k, {});
  return { properties: out, required: js.required ?? [] };
}

function resourceSpec(kind: ResourceKind, types: Record<string, ObjectTypeSpec>): ResourceSpec {
  const h = handler(kind);
  const js = inputJsonSchema(h.schema);
  const hidden = h.hiddenKeys;
  const inputProperties: Record<string, PropertySpec> = {};
  for (const [k, p] of Object.entries(js.properties ?? {})) {
    if (hidden.includes(k)) continue;
    // one shared type for the connection override
    const typeName = k === "connection" ? "Connection" : `${kind}${pascal(k.replace(/s$/, ""))}`;
    inputProperties[k] = {
      ...propertyOf(p, typeName, types),
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
  const outputs = outputProperties(h.outputs);
  for (const [k, o] of Object.entries(outputs.properties)) properties[k] = o;
  required.push(...outputs.required);
  return {
    description: h.description,
    inputProperties,
    requiredInputs,
    properties,
    required: [...new Set(required)],
  };
}

/** The provider's configuration: the connection override's fields, as plain strings. */
function connectionProperties(): Record<string, PropertySpec> {
  const out: Record<string, PropertySpec> = {};
  for (const [k, p] of Object.entries(inputJsonSchema(connectionFields).properties ?? {})) {
    out[k] = {
      type: "string",
      ...(p.description ? { description: p.description } : {}),
      ...(p.secret ? { secret: true } : {}),
    };
  }
  return out;
}

/**
 * The package schema of `pulumi-resource-qstash`, derived from the property
 * declarations that also serve the dynamic provider: types, required
 * properties, descriptions, secrets and replace-on-change all come from
 * each kind's zod declaration (property.ts); where the
 * package comes from (download URL, Go module, homepage) from BuildInfo.
 */
export function packageSchema(info: BuildInfo): PackageSchema {
  const { version } = info;
  const origin = publishing(info);
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
    homepage: origin.homepage,
    repository: origin.repository,
    publisher: origin.publisher,
    pluginDownloadURL: origin.pluginDownloadURL,
    // generated SDKs carry the schema's version, and the Go SDK its own go.mod (module path from the repository)
    meta: { supportPack: true },
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
      nodejs: { packageName: "pulumi-qstash", respectSchemaVersion: true },
      go: {
        importBasePath: origin.goImportBasePath,
        generateResourceContainerTypes: false,
        respectSchemaVersion: true,
      },
      python: { packageName: "pulumi_qstash", respectSchemaVersion: true, pyproject: { enabled: true } },
      csharp: { rootNamespace: "Pulumi", namespaces: { qstash: "QStash" }, respectSchemaVersion: true },
    },
  };
}
