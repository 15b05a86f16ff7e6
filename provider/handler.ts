import type * as pulumi from "@pulumi/pulumi";
import type * as z from "../deps/zod.js";
import type { Client } from "../sdk/client/index.js";
import { NotFoundError } from "../sdk/errors.js";
import { checkWith } from "./check.js";
import { type Connection, clientFor, locationOf } from "./connection.js";
import { diffInputs } from "./diff.js";
import { containsUnknown } from "./unknowns.js";
import { deepEqual, dropUndefined } from "./values.js";

type Props = Record<string, any>;

/** What one resource kind defines; the generic parts live in `defineHandler`. */
export interface ResourceSpec<I extends Props> {
  kind: string;
  /** Full validation and normalisation of the inputs. */
  schema: z.ZodType<I>;
  /** A lenient version of the schema used while some inputs are unknown (preview). */
  partialSchema: z.ZodType<unknown>;
  /** Input properties compared by `diff`. */
  inputKeys: readonly (keyof I & string)[];
  /** Input properties whose change replaces the object. */
  replaceKeys: readonly string[];
  /**
   * How `diff` sees one side (`old` = state outputs, `new` = checked inputs),
   * for kinds whose identity is computed (a schedule's effective id).
   */
  diffView?(p: Props, side: "old" | "new"): Props;
  /**
   * The names QStash finds the object by, from one side of `diff` (after
   * `diffView`). A replacement that keeps one of them deletes the old object
   * first: created first, the "new" object would be the old one taken over,
   * and the delete that follows would remove it.
   */
  identity(p: Props): string[];
  create(client: Client, inputs: I): Promise<{ id: string; outs: Props }>;
  /** Current remote state as outputs and canonical inputs, or undefined when it is gone. */
  read(client: Client, id: string, props: Props): Promise<{ outs: Props; inputs: Props } | undefined>;
  update(client: Client, id: string, olds: Props, news: I): Promise<Props>;
  delete(client: Client, id: string, props: Props): Promise<void>;
}

/** Properties every resource accepts besides its own. */
const COMMON_KEYS = ["adopt", "connection"] as const;

function connectionOf(p: Props): Connection | undefined {
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
function connectionChange(olds: Props, news: Props): "none" | "update" | "move" {
  const o = connectionOf(olds);
  const n = connectionOf(news);
  if (deepEqual(o, n)) return "none";
  if (containsUnknown(n)) return "move"; // not known until `up`, which diffs again
  return locationOf(o) === locationOf(n) ? "update" : "move";
}

/**
 * Build the dynamic-provider methods for one resource kind: zod `check`, a
 * pure `diff` that makes no API call, CRUD over the client, `read` that
 * reports deletion with an empty id, and `delete` that treats 404 as done.
 */
export function defineHandler<I extends Props>(spec: ResourceSpec<I>) {
  /** `diff` plus the changed properties (`diffs`), for the plugin's detailed diff. */
  async function diffDetailed(
    _id: string,
    olds: Props,
    news: Props,
  ): Promise<pulumi.dynamic.DiffResult & { diffs: string[] }> {
    const o = spec.diffView ? spec.diffView(olds, "old") : olds;
    const n = spec.diffView ? spec.diffView(news, "new") : news;
    const keys = spec.diffView
      ? Object.keys({ ...o, ...n }).filter((k) => k !== "__provider")
      : [...spec.inputKeys, "adopt"];
    const d = diffInputs(
      o,
      n,
      keys.filter((k) => k !== "connection"),
      spec.replaceKeys,
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
    /** Input properties (for documentation checks). */
    inputKeys: [...spec.inputKeys, ...COMMON_KEYS] as readonly string[],
    /** Input properties whose change replaces the object. */
    replaceKeys: spec.replaceKeys,
    /** The inputs' zod schema: the provider plugin derives its package schema from it. */
    schema: spec.schema as z.ZodType<unknown>,

    async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
      return checkWith(spec.schema, news, spec.partialSchema);
    },

    async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      const { diffs: _, ...d } = await diffDetailed(id, olds, news);
      return d;
    },

    diffDetailed,

    async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
      const i = inputs as I;
      const { id, outs } = await spec.create(await clientFor(connectionOf(i)), i);
      return { id, outs: dropUndefined({ ...pickInputs(i), ...outs }) };
    },

    async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
      const r = await spec.read(await clientFor(connectionOf(props)), id, props);
      if (!r) return {};
      const common = Object.fromEntries(
        COMMON_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]),
      );
      const inputs = dropUndefined({ ...common, ...r.inputs });
      return { id, props: dropUndefined({ ...props, ...r.outs, ...inputs }), inputs };
    },

    async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
      const n = news as I;
      const outs = await spec.update(await clientFor(connectionOf(n)), id, olds, n);
      return { outs: dropUndefined({ ...pickInputs(n), ...outs }) };
    },

    async delete(id: string, props: Props): Promise<void> {
      try {
        await spec.delete(await clientFor(connectionOf(props)), id, props);
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
      }
    },
  };

  function pickInputs(i: Props): Props {
    const out: Props = {};
    for (const k of [...spec.inputKeys, ...COMMON_KEYS]) if (i[k] !== undefined) out[k] = i[k];
    return out;
  }
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

export type Handler = ReturnType<typeof defineHandler>;
