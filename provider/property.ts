import type * as pulumi from "@pulumi/pulumi";
import * as z from "../deps/zod.js";

/**
 * What a resource property means beyond its type and checks: the one place
 * it is described. A kind's zod object declares each property once, with
 * this attached (`property(schema, meta)`); the handlers' diff keys, the
 * resource classes' inputs and secrets, the plugin's package schema and the
 * README's reference tables are all read off it.
 */
export interface PropertyMeta {
  description: string;
  /** Always stored as a secret in state, whatever the program passes. */
  secret?: true;
  /** A change replaces the object instead of updating it in place. */
  replaces?: true;
  /** Set by the provider (derived), never written in a program. */
  hidden?: true;
  /**
   * QStash does not report it back: refresh and import keep what was applied,
   * so a change made outside Pulumi cannot be seen.
   */
  unreported?: true;
}

/** The metadata of every declared property (and of nested object fields, for their descriptions). */
export const properties = z.registry<PropertyMeta>();

/** Declare a property: its schema (outermost wrapper last: `.optional()`, `.default()`) and its meaning. */
export function property<T extends z.ZodType>(schema: T, meta: PropertyMeta): T {
  properties.add(schema, meta);
  return schema;
}

/** Describe a nested field (a flow control's `key`, a connection's `token`): a description only. */
export function field<T extends z.ZodType>(schema: T, description: string): T {
  properties.add(schema, { description });
  return schema;
}

/** The zod objects the kinds declare their properties with. */
export type Declaration = z.ZodObject;

/** The metadata of one declared property of `d`. */
export function metaOf(d: Declaration, key: string): PropertyMeta {
  const schema = d.shape[key];
  const meta = schema && properties.get(schema);
  if (!meta) throw new Error(`pulumi-qstash: property ${key} has no declaration metadata`);
  return meta;
}

/** The declared properties of `d` that `pick` selects, in declaration order. */
export function keysWhere(d: Declaration, pick: (m: PropertyMeta) => boolean | undefined): string[] {
  return Object.keys(d.shape).filter((k) => pick(metaOf(d, k)));
}

/** What a resource's own inputs hold: every declared property but those the provider sets. */
export type ProgramInputs<D extends Declaration, Hidden extends string = never> = Omit<z.input<D>, Hidden>;

/**
 * A value as a program may pass it: itself or a promise/output of it, all the
 * way down (`pulumi.Input` on every level of objects and lists).
 */
export type Inputs<T> = T extends string | number | boolean | undefined | null
  ? T
  : T extends readonly (infer U)[]
    ? pulumi.Input<Inputs<U>>[]
    : T extends object
      ? { [K in keyof T]: pulumi.Input<Inputs<T[K]>> }
      : T;

/** The `*Args` of a resource: each declared input as a `pulumi.Input`, hidden ones left out. */
export type ArgsOf<D extends Declaration, Hidden extends string = never> = {
  [K in keyof ProgramInputs<D, Hidden>]: pulumi.Input<Inputs<ProgramInputs<D, Hidden>[K]>>;
};

/** The outputs of a resource: every property of its state as a `pulumi.Output`. */
export type OutputsOf<State> = { readonly [K in keyof State]-?: pulumi.Output<State[K]> };
