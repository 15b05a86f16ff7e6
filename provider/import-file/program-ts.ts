import type { QueueInfo, Schedule, UrlGroup } from "../../sdk/client/index.js";
import { isRedacted } from "../../sdk/qstash-rules.js";
import { inputsOf } from "../schedule/inputs.js";
import { dropUndefined } from "../values.js";
import { Identifiers, type ImportKind, resourceName } from "./names.js";

/** A secret config key the generated code reads, and the value it stands for (named, never shown). */
export interface ConfigKey {
  key: string;
  resource: string;
  /** e.g. `header "X-Api-Key"`. */
  holds: string;
  /** The value QStash shows is redacted: only the one who set it knows it. */
  redacted: boolean;
}

/** One object as TypeScript: `new Schedule("schedule-nightly", {...})`. */
export interface Declaration {
  kind: ImportKind;
  name: string;
  code: string;
  /** The properties, secret config reads included (without `adopt`). */
  args: Record<string, unknown>;
  keys: ConfigKey[];
  /** Why the declaration cannot be used as it is (it is then written commented out). */
  unusable?: string;
}

/** A secret config read: TypeScript code in the module, an interpolation in Pulumi YAML. */
class ConfigRead {
  constructor(readonly key: string) {}
  get text(): string {
    return `pulumi.secret(config.requireSecret(${JSON.stringify(this.key)}))`;
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function literal(v: unknown, indent: string): string {
  if (v instanceof ConfigRead) return v.text;
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== "object"))
      return `[${v.map((x) => literal(x, inner)).join(", ")}]`;
    return `[\n${v.map((x) => `${inner}${literal(x, inner)},\n`).join("")}${indent}]`;
  }
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    const key = (k: string) => (IDENT.test(k) ? k : JSON.stringify(k));
    if (entries.every(([, x]) => x === null || typeof x !== "object") && entries.length <= 3) {
      return `{ ${entries.map(([k, x]) => `${key(k)}: ${literal(x, inner)}`).join(", ")} }`;
    }
    return `{\n${entries.map(([k, x]) => `${inner}${key(k)}: ${literal(x, inner)},\n`).join("")}${indent}}`;
  }
  return JSON.stringify(v);
}

/**
 * Writes QStash objects as declarations of the package's classes with
 * `adopt: true`, holding what `pulumi import` would take (the schedule's
 * `inputsOf`, as the plugin's import reads it), header values and redacted
 * bodies read from secret config. Variable names and config keys are unique
 * within one writer; feed it objects in a stable order.
 */
export class TsWriter {
  readonly #vars = new Identifiers();
  readonly #keys = new Identifiers();

  #secret(
    resource: string,
    holds: string,
    redacted: boolean,
    keys: ConfigKey[],
    ...parts: string[]
  ): ConfigRead {
    const key = this.#keys.take(resource, ...parts);
    keys.push({ key, resource, holds, redacted });
    return new ConfigRead(key);
  }

  #declare(kind: ImportKind, name: string, args: Record<string, unknown>, keys: ConfigKey[]): Declaration {
    const v = this.#vars.take(name);
    const code = `const ${v} = new ${kind}(${JSON.stringify(name)}, ${literal({ ...args, adopt: true }, "")});\n`;
    return { kind, name, code, args, keys };
  }

  urlGroup(g: UrlGroup): Declaration {
    const endpoints = g.endpoints.map((e) => dropUndefined({ name: e.name || undefined, url: e.url }));
    return this.#declare("UrlGroup", resourceName("UrlGroup", g.name), { name: g.name, endpoints }, []);
  }

  queue(q: QueueInfo): Declaration {
    const args = dropUndefined({ name: q.name, parallelism: q.parallelism, paused: q.paused });
    return this.#declare("Queue", resourceName("Queue", q.name), args, []);
  }

  schedule(s: Schedule): Declaration {
    const name = resourceName("Schedule", s.scheduleId);
    const keys: ConfigKey[] = [];
    const { scheduleId, ...inputs } = inputsOf(s, { scheduleId: s.scheduleId });
    const headerMap = (header: Record<string, string[]> | undefined, what: string, ...parts: string[]) => {
      const names = Object.keys(header ?? {})
        .filter((k) => k.toLowerCase() !== "content-type")
        .sort();
      if (!names.length) return undefined;
      return Object.fromEntries(
        names.map((h) => {
          const redacted = (header?.[h] ?? []).some(isRedacted);
          return [h, this.#secret(name, `${what} ${JSON.stringify(h)}`, redacted, keys, ...parts, h)];
        }),
      );
    };
    const redactedHeaders = Object.keys(s.header ?? {})
      .filter((h) => h.toLowerCase() !== "content-type" && (s.header?.[h] ?? []).some(isRedacted))
      .sort();
    const bodyRedacted = isRedacted(s.body);
    const args: Record<string, unknown> = {
      scheduleId,
      ...inputs,
      body: bodyRedacted ? this.#secret(name, "body", true, keys, "body") : inputs.body,
      headers: headerMap(s.header, "header"),
      callbackHeaders: headerMap(s.callbackHeader, "callback header", "callback"),
      failureCallbackHeaders: headerMap(
        s.failureCallbackHeader,
        "failure-callback header",
        "failure",
        "callback",
      ),
      // the markers say what was redacted; keep it so
      redact:
        bodyRedacted || redactedHeaders.length
          ? dropUndefined({
              body: bodyRedacted || undefined,
              header: redactedHeaders.length ? redactedHeaders : undefined,
            })
          : undefined,
    };
    const d = this.#declare("Schedule", name, args, keys);
    if (s.body === undefined && s.bodyBase64 !== undefined) {
      d.unusable = "its body is not UTF-8 text (QStash reports it base64), which `body` cannot hold";
    }
    return d;
  }
}

/** The module: imports, the config it reads, then each declaration (unusable ones commented out). */
export function programModule(decls: readonly Declaration[]): string {
  const classes = [...new Set(decls.filter((d) => !d.unusable).map((d) => d.kind))].sort();
  const keys = decls.some((d) => !d.unusable && d.keys.length);
  const head = [
    "// Written by `pulumi-qstash import-file --program ts`. Every object below exists in QStash:",
    "// `adopt: true` takes it over on the next `pulumi up`, which applies these settings to it.",
    ...(keys
      ? [
          "// Header values (and redacted bodies) are read from secret config: set each key",
          "// `pulumi-qstash import-file` listed, with `pulumi config set --secret <key> <value>`.",
        ]
      : []),
    ...(keys ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
    ...(classes.length ? [`import { ${classes.join(", ")} } from "pulumi-qstash";`] : []),
    "",
    ...(keys ? ["const config = new pulumi.Config();", ""] : []),
  ];
  const body = decls.map((d) =>
    d.unusable
      ? `// Not declared: ${d.unusable}.\n${d.code
          .trimEnd()
          .split("\n")
          .map((l) => `// ${l}`)
          .join("\n")}\n`
      : d.code,
  );
  return `${head.join("\n")}\n${body.join("\n")}`;
}

/** A JSON value as a YAML flow value; config reads become `${key}` interpolations. */
function flow(v: unknown): string {
  if (v instanceof ConfigRead) return JSON.stringify(`\${${v.key}}`);
  if (Array.isArray(v)) return `[${v.map(flow).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${flow(x)}`).join(", ")} }`;
  }
  return JSON.stringify(v);
}

/**
 * The same declaration for a Pulumi YAML program on the provider plugin: the
 * resource under `resources:` and the `config:` entries it reads.
 */
export function yamlDeclaration(d: Declaration): { resource: string; config: string } {
  const props = Object.entries({ ...d.args, adopt: true }).filter(([, v]) => v !== undefined);
  const resource = [
    `${d.name}:`,
    `  type: qstash:index:${d.kind}`,
    "  properties:",
    ...props.map(([k, v]) => `    ${k}: ${flow(v)}`),
  ].join("\n");
  const config = d.keys.map((k) => `${k.key}:\n  type: string\n  secret: true`).join("\n");
  return { resource, config };
}
