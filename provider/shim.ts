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
  return {
    async configure(req) {
      return require("pulumi-qstash/provider-runtime").configure(req);
    },
    async check(olds, news) {
      return require("pulumi-qstash/provider-runtime").handler(kind).check(olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-qstash/provider-runtime").handler(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-qstash/provider-runtime").handler(kind).create(inputs);
    },
    async read(id, props) {
      return require("pulumi-qstash/provider-runtime").handler(kind).read(id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-qstash/provider-runtime").handler(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return require("pulumi-qstash/provider-runtime").handler(kind).delete(id, props);
    },
  };
}
