import type { Account } from "./account.js";
import type { Plan } from "./plan.js";
import { type Declaration, yamlDeclaration } from "./program-ts.js";

const P = "import-file:";

function counts(a: Account): string {
  const endpoints = a.urlGroups.reduce((n, g) => n + g.endpoints.length, 0);
  const parts = [
    ...(a.urlGroups.length ? [`${a.urlGroups.length} URL groups (with their ${endpoints} endpoints)`] : []),
    ...(a.schedules.length ? [`${a.schedules.length} schedules`] : []),
    ...(a.queues.length ? [`${a.queues.length} queues`] : []),
  ];
  return parts.join(", ") || "no objects";
}

/** One line per distinct warning, naming the resources it is about (the texts begin with the schedule's id). */
function grouped(warnings: readonly { name: string; text: string }[]): string[] {
  const byText = new Map<string, string[]>();
  for (const w of warnings) {
    const text = w.text.replace(/^schedule "(?:[^"\\]|\\.)*" /, "");
    byText.set(text, [...(byText.get(text) ?? []), w.name]);
  }
  return [...byText].map(([text, names]) => `  ${names.length} schedule(s) ${text}\n    ${names.join(", ")}`);
}

const indent = (code: string, by: string) =>
  code
    .trimEnd()
    .split("\n")
    .map((l) => `${by}${l}`)
    .join("\n");

/**
 * What `import-file` says on stderr. Names, ids, header names and config
 * keys only: never a token, a header value or a body.
 */
export const summary = {
  importFile(account: Account, plan: Plan): string[] {
    const out = [`${P} ${plan.entries.length} resources in the import file from ${counts(account)}`];
    if (plan.refused.length) {
      out.push(
        `${P} ${plan.refused.length} schedule(s) left out of the file: an import cannot take them faithfully.`,
      );
      for (const r of plan.refused) {
        out.push(`  ${r.name}: ${r.why}`);
        if (r.declaration.unusable) {
          out.push(
            `    Note: ${r.declaration.unusable}; declared with a text body, the adoption replaces its body with that text.`,
          );
        }
        const yaml = yamlDeclaration(r.declaration);
        out.push("    In Pulumi YAML, under resources:", indent(yaml.resource, "      "));
        if (yaml.config) out.push("    and under config:", indent(yaml.config, "      "));
        out.push(
          r.declaration.keys.length
            ? "    With the provider's TypeScript classes (and `const config = new pulumi.Config()`):"
            : "    With the provider's TypeScript classes:",
          indent(r.declaration.code, "      "),
        );
        if (r.declaration.keys.length) {
          const keys = r.declaration.keys.map((k) => `${k.key} (${k.holds})`).join(", ");
          out.push(`    Set the secret config it reads: ${keys}`);
        }
      }
    }
    if (plan.warnings.length) {
      out.push(`${P} imported, with what the import cannot read back:`, ...grouped(plan.warnings));
    }
    if (plan.headerValues.length) {
      out.push(
        `${P} ${plan.headerValues.length} resource(s) have header values. Pulumi's code generator writes imported values ` +
          "into the code `pulumi import` prints: before committing that code, move each value into secret config " +
          "(`pulumi config set --secret <key> <value>`, then read it from config in the program):",
        ...plan.headerValues.map((h) => `  ${h.name} (${h.properties.join(", ")})`),
      );
    }
    return out;
  },

  program(
    account: Account,
    decls: readonly Declaration[],
    warnings: { name: string; text: string }[],
  ): string[] {
    const usable = decls.filter((d) => !d.unusable);
    const out = [`${P} ${usable.length} declarations with adopt: true from ${counts(account)}`];
    const keys = usable.flatMap((d) => d.keys);
    if (keys.length) {
      const width = Math.max(...keys.map((k) => k.key.length));
      out.push(
        `${P} ${keys.length} secret config keys the module reads; set each before \`pulumi up\` with ` +
          "`pulumi config set --secret <key> <value>` (or `pulumi config set-all --secret <key>=<value> ...`):",
        ...keys.map(
          (k) =>
            `  ${k.key.padEnd(width)}  ${k.resource} ${k.holds}` +
            (k.redacted ? " (QStash shows it redacted: set the value it was given)" : ""),
        ),
      );
    }
    const unusable = decls.filter((d) => d.unusable);
    if (unusable.length) {
      out.push(
        `${P} ${unusable.length} object(s) written commented out, since this provider cannot declare them as they are:`,
        ...unusable.map((d) => `  ${d.name}: ${d.unusable}`),
      );
    }
    if (warnings.length) {
      out.push(
        `${P} adopting applies the declared settings; what QStash does not report:`,
        ...grouped(warnings),
      );
    }
    return out;
  },
};
