import type * as pulumi from "@pulumi/pulumi";

/** Resource kinds served by the provider runtime. */
export type ResourceKind = "UrlGroup" | "Endpoint" | "Schedule" | "Queue";

/**
 * The object Pulumi serializes into each resource's `__provider`. Every method
 * loads the installed package's provider runtime with `require`, so the
 * serialized text is a few hundred bytes, carries no credentials and no
 * absolute paths, and always runs the installed version's code (an upgrade of
 * pulumi-qstash takes effect without touching the resources).
 *
 * Only `kind` is captured. `require` here is the one the dynamic-provider
 * process gives the loaded text; it resolves from the Pulumi project directory,
 * where `pulumi-qstash` is installed.
 */
export function makeProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // Arrow functions with the shortest bodies: this text is stored twice per
  // resource in state, so every byte here counts per resource.
  return {
    configure: (q) => require("pulumi-qstash/provider-runtime").configure(q),
    check: (o, n) => require("pulumi-qstash/provider-runtime").handler(kind).check(o, n),
    diff: (i, o, n) => require("pulumi-qstash/provider-runtime").handler(kind).diff(i, o, n),
    create: (n) => require("pulumi-qstash/provider-runtime").handler(kind).create(n),
    read: (i, p) => require("pulumi-qstash/provider-runtime").handler(kind).read(i, p),
    update: (i, o, n) => require("pulumi-qstash/provider-runtime").handler(kind).update(i, o, n),
    delete: (i, p) => require("pulumi-qstash/provider-runtime").handler(kind).delete(i, p),
  };
}
