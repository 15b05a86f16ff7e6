import type * as pulumi from "@pulumi/pulumi";
import type * as z from "../deps/zod.js";
import type { Client } from "../sdk/client/index.js";
import { NotFoundError } from "../sdk/errors.js";
import { checkWith } from "./check.js";
import { type Connection, clientFor, locationOf } from "./connection.js";
import { diffInputs } from "./diff.js";
import { type Declaration, keysWhere } from "./property.js";
import type { ResourceKind } from "./resource-base.js";
import { containsUnknown } from "./unknowns.js";
import type { UrnParts } from "./urn.js";
import { deepEqual, dropUndefined } from "./values.js";

/** Property values as Pulumi hands them over: a resource's inputs or its state. */
export type Values = Record<string, unknown>;

/** What Pulumi keeps of a resource: its checked inputs and its outputs, any of them possibly absent. */
export type State<I, O> = Partial<I> & Partial<O>;

/** What one resource kind defines; the generic parts live in `defineHandler`. */
export interface ResourceSpec<I extends object, O extends object> {
  kind: ResourceKind;
  /** What the resource is, for the plugin's schema. */
  description: string;
  /**
   * Every input property, declared once with its meaning (`property()` in
   * property.ts): diff keys, replace keys, secrets and docs are read off it.
   */
  inputs: Declaration;
  /** The full check and normalisation of the inputs, when it does more than `inputs` (defaults after transforms). */
  check?: z.ZodType<I>;
  /** What the resource reports beyond its inputs. */
  outputs: Declaration;
  /**
   * How `diff` sees one side (`old` = state, `new` = checked inputs), for
   * kinds whose identity is computed (a schedule's effective id).
   */
  diffView?(p: State<I, O>, side: "old" | "new"): Values;
  /**
   * The names QStash finds the object by, from one side of `diff` (after
   * `diffView`). A replacement that keeps one of them deletes the old object
   * first: created first, the "new" object would be the old one taken over,
   * and the delete that follows would remove it.
   */
  identity(p: Values): string[];
  create(client: Client, inputs: I): Promise<{ id: string; outs: O }>;
  /**
   * Current remote state as outputs and canonical inputs (as read, so not yet
   * checked), or undefined when it is gone.
   */
  read(client: Client, id: string, state: State<I, O>): Promise<{ outs: O; inputs: Values } | undefined>;
  update(client: Client, id: string, olds: State<I, O>, news: I): Promise<O>;
  delete(client: Client, id: string, state: State<I, O>): Promise<void>;
  /**
   * The hidden inputs the provider plugin derives from a resource's URN (the
   * dynamic provider's resource classes derive them in the program).
   */
  derivedInputs?(urn: UrnParts): Partial<I>;
  /**
   * The state `read` is given when `pulumi import` passes an id alone: what
   * the kind finds its object by. `derived` holds `derivedInputs`.
   */
  importState?(id: string, derived: Partial<I>): Promise<State<I, O>>;
}

/** Properties every resource accepts besides its own. */
const COMMON_KEYS = ["adopt", "connection"] as const;

function connectionOf(p: Values): Connection | undefined {
  return p.connection as Connection | undefined;
}

/**
 * How the connection override changed: not at all, in a way that keeps the
 * object where it is (a token, or the same QStash spelt another way: an
 * in-place update of the stored override), or to another QStash (a replace).
 * Both sides are resolved against the provider's configuration as the client
 * resolves them (`us-east-1` and `US_EAST_1`, a URL with a trailing `/`, an
 * override repeating the stack's `qstash:url`: all the same place).
 */
function connectionChange(olds: Values, news: Values): "none" | "update" | "move" {
  const o = connectionOf(olds);
  const n = connectionOf(news);
  if (deepEqual(o, n)) return "none";
  if (containsUnknown(n)) return "move"; // not known until `up`, which diffs again
  return locationOf(o) === locationOf(n) ? "update" : "move";
}

/** The one-kind provider `defineHandler` builds: Pulumi's values in, Pulumi's results out. */
export interface Handler {
  kind: ResourceKind;
  description: string;
  /** The declared inputs (with their metadata) and outputs. */
  inputs: Declaration;
  outputs: Declaration;
  /** The inputs' check: the provider plugin derives its package schema's types from it. */
  schema: z.ZodType<unknown>;
  /** Input properties compared by `diff`: every declared one. */
  inputKeys: readonly string[];
  /** Input properties whose change replaces the object. */
  replaceKeys: readonly string[];
  /** Properties always stored as secrets. */
  secretKeys: readonly string[];
  /** Inputs only the provider sets. */
  hiddenKeys: readonly string[];
  check(olds: Values, news: Values): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Values, news: Values): Promise<pulumi.dynamic.DiffResult>;
  /** `diff` plus the changed properties (`diffs`), for the plugin's detailed diff. */
  diffDetailed(
    id: string,
    olds: Values,
    news: Values,
  ): Promise<pulumi.dynamic.DiffResult & { diffs: string[] }>;
  create(inputs: Values): Promise<{ id: string; outs: Values }>;
  read(id: string, props: Values): Promise<{ id?: string; props?: Values; inputs?: Values }>;
  update(id: string, olds: Values, news: Values): Promise<{ outs: Values }>;
  delete(id: string, props: Values): Promise<void>;
  /** Plugin hooks: see `ResourceSpec`. */
  derivedInputs(urn: UrnParts): Values;
  importState(id: string, urn: UrnParts): Promise<Values>;
}

/**
 * Build the provider methods for one resource kind: zod `check`, a pure
 * `diff` that makes no API call, CRUD over the client, `read` that reports
 * deletion with an empty id, and `delete` that treats 404 as done.
 *
 * Values cross from Pulumi untyped; past `check` they are the kind's own
 * (`I`), and state is what `create`, `read` and `update` returned, so each
 * crossing below reads them as such once.
 */
export function defineHandler<I extends object, O extends object>(spec: ResourceSpec<I, O>): Handler {
  type S = State<I, O>;
  const schema = (spec.check ?? spec.inputs) as z.ZodType<I>;
  const partialSchema = spec.inputs.partial();
  const inputKeys = Object.keys(spec.inputs.shape);
  const replaceKeys = keysWhere(spec.inputs, (m) => m.replaces);
  const secretKeys = keysWhere(spec.inputs, (m) => m.secret);
  const hiddenKeys = keysWhere(spec.inputs, (m) => m.hidden);
  const ownKeys = inputKeys.filter((k) => !(COMMON_KEYS as readonly string[]).includes(k));

  function pickInputs(i: Values): Values {
    const out: Values = {};
    for (const k of inputKeys) if (i[k] !== undefined) out[k] = i[k];
    return out;
  }

  async function diffDetailed(_id: string, olds: Values, news: Values) {
    const o = spec.diffView ? spec.diffView(olds as S, "old") : olds;
    const n = spec.diffView ? spec.diffView(news as S, "new") : news;
    const keys = spec.diffView
      ? Object.keys({ ...o, ...n }).filter((k) => k !== "__provider")
      : [...ownKeys, "adopt"];
    const d = diffInputs(
      o,
      n,
      keys.filter((k) => k !== "connection"),
      replaceKeys,
    );
    const conn = connectionChange(olds, news);
    const diffs = conn === "none" ? d.diffs : [...d.diffs, "connection"];
    const replaces = conn === "move" ? [...(d.replaces ?? []), "connection"] : (d.replaces ?? []);
    const theirs = new Set(spec.identity(o));
    const sameObject = spec.identity(n).some((k) => theirs.has(k));
    return {
      changes: diffs.length > 0,
      replaces,
      diffs,
      ...(replaces.length > 0 && sameObject ? { deleteBeforeReplace: true } : {}),
    };
  }

  return {
    kind: spec.kind,
    description: spec.description,
    inputs: spec.inputs,
    outputs: spec.outputs,
    schema,
    inputKeys,
    replaceKeys,
    secretKeys,
    hiddenKeys,

    async check(_olds, news) {
      return checkWith(schema, news, partialSchema);
    },

    async diff(id, olds, news) {
      const { diffs: _, ...d } = await diffDetailed(id, olds, news);
      return d;
    },

    diffDetailed,

    async create(inputs) {
      const i = inputs as I;
      const { id, outs } = await spec.create(await clientFor(connectionOf(inputs)), i);
      return { id, outs: dropUndefined({ ...pickInputs(inputs), ...outs }) };
    },

    async read(id, props) {
      const r = await spec.read(await clientFor(connectionOf(props)), id, props as S);
      if (!r) return {};
      const common = Object.fromEntries(
        COMMON_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]),
      );
      const inputs = dropUndefined({ ...common, ...r.inputs });
      return { id, props: dropUndefined({ ...props, ...r.outs, ...inputs }), inputs };
    },

    async update(id, olds, news) {
      const outs = await spec.update(await clientFor(connectionOf(news)), id, olds as S, news as I);
      return { outs: dropUndefined({ ...pickInputs(news), ...outs }) };
    },

    async delete(id, props) {
      try {
        await spec.delete(await clientFor(connectionOf(props)), id, props as S);
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
      }
    },

    derivedInputs(urn) {
      return { ...spec.derivedInputs?.(urn) };
    },

    async importState(id, urn) {
      const derived = spec.derivedInputs?.(urn) ?? {};
      return { ...(spec.importState ? await spec.importState(id, derived) : {}) };
    },
  };
}

/** Run a read, mapping 404 to undefined. */
export async function getOrUndefined<T>(f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}
