import * as pulumi from "@pulumi/pulumi";

import type { ResourceKind } from "./kinds.js";

export type { ResourceKind };

/**
 * The `__provider` of a dynamic resource is a CommonJS module whose `handler`
 * returns the provider object; Pulumi's dynamic-provider process loads it with
 * require-from-string, resolving `require` from the project directory.
 *
 * Instead of letting Pulumi serialize provider functions (about 2 KB, stored
 * twice per resource, and pinned to the code of the version that wrote them),
 * this module text only loads the installed package's runtime: under 100
 * bytes, no credentials, no paths, and an upgrade of pulumi-qstash takes
 * effect for existing resources without touching them.
 */
export function providerText(kind: ResourceKind): string {
  return `exports.handler = () => require("pulumi-qstash/provider-runtime").provider(${JSON.stringify(kind)});\n`;
}

/**
 * What a resource class registers, read off its kind's declarations: `DECLARED`
 * in resource-types.ts, generated as plain data, so a program loads no zod
 * and the classes' published types never name it (users have none).
 */
export interface Registration {
  /** Every declared input. */
  inputs: readonly string[];
  /** Those always stored as secrets. */
  secrets: readonly string[];
  /** The output-only properties. */
  outputs: readonly string[];
}

/**
 * Base of the QStash resources: a dynamic resource (type
 * `pulumi-nodejs:dynamic/qstash:<Kind>`) whose provider is the installed
 * package's runtime. What it registers is read off the kind's declarations:
 * every declared input (present even when unset), the always-secret ones
 * wrapped as secrets and kept secret in the outputs, and the output-only
 * properties (registered as `undefined` so Pulumi exposes them).
 */
export abstract class QStashResource extends pulumi.CustomResource {
  /** `derived` holds the inputs the class itself sets (a resource turned into its name, a derived id). */
  protected constructor(
    kind: ResourceKind,
    declared: Registration,
    name: string,
    args: object,
    derived: Record<string, unknown>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    const given: Record<string, unknown> = { ...args };
    // every given property reaches check(), so a misspelt one is refused, not ignored
    const inputs: Record<string, unknown> = { ...given };
    for (const k of declared.inputs) inputs[k] = given[k];
    Object.assign(inputs, derived);
    // e.g. the connection override, so a per-resource token never reaches state in plain text
    const secrets = declared.secrets;
    for (const k of secrets) if (inputs[k] !== undefined) inputs[k] = pulumi.secret(inputs[k]);
    for (const k of declared.outputs) if (!(k in inputs)) inputs[k] = undefined;
    super(
      `pulumi-nodejs:dynamic/qstash:${kind}`,
      name,
      { ...inputs, __provider: providerText(kind) },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets],
      },
    );
  }
}
