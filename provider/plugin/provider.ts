import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider/index.js";
import { type Connection, clientFor } from "../connection.js";
import { forResource } from "../engine-log.js";
import type { ResourceKind } from "../resource-base.js";
import { handler } from "../runtime.js";
import { urnParts } from "../urn.js";
import type { BuildInfo } from "./build-info.js";
import { GET_SIGNING_KEYS, kindOfUrn } from "./kinds.js";
import { packageSchema } from "./schema.js";
import { reveal, secret, secretKeys, withSecrets } from "./secrets.js";

type Props = Record<string, unknown>;

/**
 * Values as the shared handlers expect them: plain, without the dynamic
 * provider's `__provider` (present in state moved over from it by an alias).
 */
function plain(props: Props | undefined): Props {
  const { __provider: _, ...rest } = (reveal(props ?? {}) ?? {}) as Props;
  return rest;
}

/** Inputs as the shared handlers expect them: plain, with what the kind derives from the URN added. */
function handlerInputs(kind: ResourceKind, urn: string, news: Props): Props {
  return { ...plain(news), ...handler(kind).derivedInputs(urnParts(urn)) };
}

/**
 * Values leave the plugin with the always-secret properties wrapped, and
 * every property that was secret where it came from (`from`: the inputs of
 * check, create and update, the state of read).
 */
function sealed(kind: ResourceKind, props: Props | undefined, from?: Props): Props | undefined {
  return props && withSecrets(props, [...handler(kind).secretKeys, ...secretKeys(from)]);
}

/** Whether Pulumi passed no state (an import, or a `get` by id alone). */
function isEmpty(props: Props | undefined): boolean {
  return Object.keys(plain(props)).length === 0;
}

/**
 * The resource provider behind `pulumi-resource-qstash`: the dynamic
 * provider's handlers, addressed by type token. The handlers see plain values;
 * secrets are wrapped again on the way out (see secrets.ts).
 */
export function qstashProvider(info: BuildInfo): provider.Provider & {
  diffDetailed(id: string, urn: string, olds: Props, news: Props): Promise<DetailedDiff>;
} {
  let schema: string | undefined;
  return {
    version: info.version,
    async getSchema() {
      schema ??= JSON.stringify(packageSchema(info));
      return schema;
    },

    async check(urn, _olds, news) {
      const kind = kindOfUrn(urn);
      const r = await handler(kind).check({}, handlerInputs(kind, urn, news));
      const { __provider: _, ...inputs }: Props = r.inputs ?? {};
      return { inputs: r.failures?.length ? news : sealed(kind, inputs, news), failures: r.failures ?? [] };
    },

    async diff(id, urn, olds, news) {
      const { diffs: _, ...d } = await this.diffDetailed(id, urn, olds, news);
      return d;
    },

    async diffDetailed(id, urn, olds, news) {
      const kind = kindOfUrn(urn);
      const d = await handler(kind).diffDetailed(id, plain(olds), handlerInputs(kind, urn, news));
      return {
        changes: d.changes ?? false,
        replaces: d.replaces ?? [],
        diffs: d.diffs,
        ...(d.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}),
      };
    },

    async create(urn, inputs) {
      const kind = kindOfUrn(urn);
      const r = await handler(kind).create(handlerInputs(kind, urn, inputs));
      return { id: r.id, outs: sealed(kind, r.outs as Props, inputs) };
    },

    async read(id, urn, props) {
      const kind = kindOfUrn(urn);
      // `pulumi import` passes an id alone: the kind says what it finds its object by
      const state = isEmpty(props) ? await handler(kind).importState(id, urnParts(urn)) : plain(props);
      const r = await forResource(urn, () => handler(kind).read(id, state));
      if (!r.id) return { id: "", props: {} };
      return {
        id: r.id,
        props: sealed(kind, r.props as Props, props) ?? {},
        ...(r.inputs ? { inputs: sealed(kind, r.inputs as Props, props) } : {}),
      } as provider.ReadResult;
    },

    async update(id, urn, olds, news) {
      const kind = kindOfUrn(urn);
      const r = await handler(kind).update(id, plain(olds), handlerInputs(kind, urn, news));
      return { outs: sealed(kind, (r.outs ?? {}) as Props, news) };
    },

    async delete(id, urn, props) {
      await handler(kindOfUrn(urn)).delete(id, plain(props));
    },

    async invoke(token, inputs) {
      if (token !== GET_SIGNING_KEYS) throw new Error(`pulumi-resource-qstash: unknown function ${token}`);
      const args = plain(inputs) as Connection;
      const client = await clientFor(args);
      const keys = await client.signingKeys.get();
      return { outputs: { currentSigningKey: secret(keys.current), nextSigningKey: secret(keys.next) } };
    },
  };
}

/** A diff plus the properties that changed, for the engine's detailed diff. */
export interface DetailedDiff extends pulumi.dynamic.DiffResult {
  diffs: string[];
}
