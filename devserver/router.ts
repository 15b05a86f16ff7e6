import { badRequest, HttpError, notFound } from "./http-util.js";

/** Path parameters: `:name` segments decoded, a `*name` tail raw (its `//` and escapes kept). */
export type Params = Record<string, string>;

/** The parameter names of one pattern segment: `:name` and `*name`. */
type SegmentParam<S extends string> = S extends `:${infer N}` ? N : S extends `*${infer N}` ? N : never;
/** Every parameter name of a route pattern, read from the pattern's type. */
export type ParamKeys<P extends string> = P extends `${infer Head}/${infer Rest}`
  ? SegmentParam<Head> | ParamKeys<Rest>
  : SegmentParam<P>;
/** The parameters a pattern gives its handler: exactly its names, each a string. */
export type ParamsOf<P extends string> = { [K in ParamKeys<P>]: string };

/** What a route needs to know about a request. */
export interface RoutedRequest {
  method: string;
  /** Raw path, `//` and percent-escapes untouched. */
  path: string;
}

export type Handler<C, R, T, P extends string = string> = (
  ctx: C,
  req: R,
  params: ParamsOf<P>,
) => Promise<T> | T;

type Part = { kind: "lit"; text: string } | { kind: "param"; name: string } | { kind: "tail"; name: string };

interface Route<C, R, T> {
  methods: readonly string[];
  parts: Part[];
  handler: (ctx: C, req: R, params: Params) => Promise<T> | T;
}

function compile(pattern: string): Part[] {
  return pattern
    .split("/")
    .slice(1)
    .map((p): Part => {
      if (p.startsWith(":")) return { kind: "param", name: p.slice(1) };
      if (p.startsWith("*")) return { kind: "tail", name: p.slice(1) };
      return { kind: "lit", text: p };
    });
}

function decode(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`invalid ${name} "${raw}": bad percent-encoding`);
  }
}

/** Matches `segs` (the path split on `/`, leading empty segment dropped) against one route. */
function matchParts(parts: Part[], segs: string[]): Params | undefined {
  const params: Params = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.kind === "tail") {
      params[p.name] = segs.slice(i).join("/");
      return params;
    }
    const s = segs[i];
    if (s === undefined) return undefined;
    if (p.kind === "lit") {
      if (s !== p.text) return undefined;
    } else {
      if (s === "") return undefined;
      params[p.name] = decode(p.name, s);
    }
  }
  return segs.length === parts.length ? params : undefined;
}

/**
 * The devserver's one routing style: a table of `METHOD /pattern` entries matched in the
 * order they were added, on the raw path (so a destination URL pasted after
 * `/v2/publish/` keeps its `//`). `:name` is one non-empty segment, `*name` the rest of
 * the path. A path that matches with a trailing `/` removed counts as a match. A known
 * path with the wrong method answers 405, an unknown one 404.
 *
 * @example
 * ```ts
 * const r = new Router<Ctx, Req, Result>();
 * r.add("GET", "/v2/queues/:name", (ctx, req, { name }) => getQueue(ctx, name));
 * ```
 */
export class Router<C, R extends RoutedRequest, T> {
  private readonly routes: Route<C, R, T>[] = [];

  add<P extends string>(methods: string | readonly string[], pattern: P, handler: Handler<C, R, T, P>): this {
    this.routes.push({
      methods: typeof methods === "string" ? [methods] : methods,
      parts: compile(pattern),
      // a match holds exactly the pattern's names (matchParts), as ParamsOf<P> says
      handler: handler as (ctx: C, req: R, params: Params) => Promise<T> | T,
    });
    return this;
  }

  /** Runs the handler of the first matching route; throws 404 or 405 when none matches. */
  async handle(ctx: C, req: R): Promise<T> {
    let pathKnown = false;
    const candidates = [req.path];
    if (req.path.length > 1 && req.path.endsWith("/")) candidates.push(req.path.slice(0, -1));
    for (const path of candidates) {
      const segs = path.split("/").slice(1);
      for (const route of this.routes) {
        const params = matchParts(route.parts, segs);
        if (!params) continue;
        if (!route.methods.includes(req.method)) {
          pathKnown = true;
          continue;
        }
        return route.handler(ctx, req, params);
      }
    }
    if (pathKnown) throw new HttpError(405, `method ${req.method} is not allowed on ${req.path}`);
    throw notFound(`no such endpoint: ${req.method} ${req.path.split("/").slice(0, 3).join("/")}...`);
  }
}
