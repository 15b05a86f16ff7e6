import * as pulumi from "@pulumi/pulumi";

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
  protected constructor(
    kind: ResourceKind,
    name: string,
    props: Record<string, unknown>,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(`pulumi-nodejs:dynamic/qstash:${kind}`, name, { ...props, __provider: providerText(kind) }, opts);
  }
}
