import * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, secretConnection } from "./args.js";

/** Resource kinds served by the provider runtime. */
export type ResourceKind = "UrlGroup" | "Endpoint" | "Schedule" | "Queue";

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
 * Base of the QStash resources: a dynamic resource (type
 * `pulumi-nodejs:dynamic/qstash:<Kind>`) whose provider is the installed
 * package's runtime.
 */
export abstract class QStashResource extends pulumi.CustomResource {
  /**
   * `inputs` holds the kind's own inputs, each present even when unset; `outputs` names the
   * properties only the provider sets (registered as `undefined` so Pulumi exposes them).
   * `adopt` and `connection`, common to every kind, are added here.
   */
  protected constructor(
    kind: ResourceKind,
    name: string,
    args: CommonArgs,
    inputs: Record<string, unknown>,
    outputs: readonly string[],
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      `pulumi-nodejs:dynamic/qstash:${kind}`,
      name,
      {
        // every given property reaches check(), so a misspelt one is refused, not ignored
        ...args,
        ...inputs,
        ...Object.fromEntries(outputs.map((k) => [k, undefined])),
        adopt: args.adopt,
        // a secret, so the per-resource token never reaches state in plain text
        connection: secretConnection(args.connection),
        __provider: providerText(kind),
      },
      opts,
    );
  }
}
