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
  /**
   * The TypeScript type of the value a program passes, where the check's
   * input type says less (a method checked case-insensitively is typed by
   * its canonical names); `*Args` wraps it in `pulumi.Input`.
   */
  tsType?: string;
  /** The whole TypeScript type of the argument, where it is more than an input of one type (a URL group resource or its name). */
  tsArg?: string;
}

/** The metadata of every declared property (and of nested object fields, for their descriptions). */
export const properties = z.registry<PropertyMeta>();

/** Declare a property: its schema (outermost wrapper last: `.optional()`, `.default()`) and its meaning. */
export function property<T extends z.ZodType>(schema: T, meta: PropertyMeta): T {
  // a copy: the same check (`httpUrl`) serves properties that mean different things
  const own = schema.clone();
  properties.add(own, meta);
  return own;
}

/** Describe a nested field (a flow control's `key`, a connection's `token`): a description only. */
export function field<T extends z.ZodType>(schema: T, description: string): T {
  return property(schema, { description });
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
