import { Cron } from "../deps/croner.js";
import {
  canonicalHeaderName,
  isEndpointName,
  isHttpUrl,
  isLabel,
  isResourceName,
  NAME_PATTERN,
  HTTP_METHODS as QSTASH_METHODS,
} from "../sdk/qstash-rules.js";
import { badRequest } from "./http-util.js";

export { isHttpUrl };

/** Schedule ids, queue names and URL-group names: QStash's documented charset (ledger N1). */
export const NAME_RE = NAME_PATTERN;

export function checkName(kind: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw badRequest(`${kind} is required`);
  if (!isResourceName(value)) {
    throw badRequest(
      `invalid ${kind} "${value}": it can only contain alphanumeric characters, hyphens, underscores and periods`,
    );
  }
  return value;
}

/** An endpoint name: any non-empty string (ledger N2). */
export function checkEndpointName(kind: string, value: unknown): string {
  if (typeof value !== "string" || !isEndpointName(value))
    throw badRequest(`invalid ${kind}: expected a string`);
  return value;
}

/** A label: non-empty, no comma (ledger N3). */
export function checkLabel(value: string): string {
  if (!isLabel(value)) throw badRequest(`invalid label "${value}"`);
  return value;
}

export function checkUrl(kind: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw badRequest(`${kind} is required`);
  if (!/^https?:\/\//i.test(value)) {
    throw badRequest(`invalid ${kind}: endpoint has invalid scheme, add http:// or https://`);
  }
  if (!isHttpUrl(value)) throw badRequest(`invalid ${kind}: "${value}" is not a valid URL`);
  return value;
}

const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};
const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+$/;

/** Go-style duration with a `d` unit (`50s`, `1d10h30m`) → seconds. */
export function parseDuration(kind: string, value: string): number {
  const v = value.trim();
  if (!DURATION_RE.test(v)) {
    throw badRequest(`invalid ${kind} "${value}": expected a duration such as 50s, 10m, 2h or 1d10h30m`);
  }
  let total = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g))
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  return total;
}

export function parseNonNegativeInt(kind: string, value: string): number {
  const v = value.trim();
  if (!/^\d+$/.test(v)) throw badRequest(`invalid ${kind} "${value}": expected a non-negative integer`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw badRequest(`invalid ${kind} "${value}": too large`);
  return n;
}

export interface ParsedCron {
  pattern: string;
  timezone: string | undefined;
  cron: Cron;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * A 5-field cron expression with an optional `CRON_TZ=<IANA zone> ` prefix, UTC by default,
 * the way QStash accepts it. Throws a 400 naming what is wrong.
 */
export function parseCron(value: string): ParsedCron {
  const cached = parsedCrons.get(value);
  if (cached) return cached;
  const parsed = parseCronUncached(value);
  if (parsedCrons.size >= 1000) parsedCrons.clear();
  parsedCrons.set(value, parsed);
  return parsed;
}

// Parsed expressions by their text: schedules mostly share a few crons, and a
// paused Cron is only ever asked for `nextRun(date)`, which keeps no state.
const parsedCrons = new Map<string, ParsedCron>();

function parseCronUncached(value: string): ParsedCron {
  let expr = value.trim();
  if (expr.length === 0) throw badRequest("invalid cron expression: empty spec string");
  let timezone: string | undefined;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expr);
  if (tz) {
    timezone = tz[1]!;
    expr = tz[2]!.trim();
    if (!validTimeZone(timezone))
      throw badRequest(`invalid cron expression: unknown time zone "${timezone}"`);
  }
  const fields = expr.split(/\s+/);
  if (fields.length !== 5) {
    throw badRequest(
      `invalid cron expression "${value}": expected exactly 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`,
    );
  }
  try {
    // UTC as a fixed offset: croner's named-zone path goes through Intl on
    // every step and costs five times as much.
    const zone = timezone ? { timezone } : { utcOffset: 0 };
    const cron = new Cron(expr, { paused: true, mode: "5-part", ...zone });
    return { pattern: expr, timezone, cron };
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/^CronPattern:\s*/, "") : String(e);
    throw badRequest(`invalid cron expression "${value}": ${msg}`);
  }
}

/** Next fire time strictly after `afterMs`, in ms. */
export function nextCronTime(cron: Cron, afterMs: number): number | undefined {
  const next = cron.nextRun(new Date(afterMs));
  return next ? next.getTime() : undefined;
}

/** Go's textproto.CanonicalMIMEHeaderKey: `x-foo-bar` → `X-Foo-Bar` (ledger H3). */
export const canonicalHeaderKey = canonicalHeaderName;

/** The methods QStash calls a destination with (ledger M1); HEAD and OPTIONS are refused. */
export const HTTP_METHODS = new Set<string>(QSTASH_METHODS);

/**
 * Compiles `Upstash-Retry-Delay`: an arithmetic expression in ms over `retried` with
 * `pow, exp, sqrt, abs, floor, ceil, round, min, max`. A tiny recursive-descent parser,
 * never `eval`.
 */
export function compileRetryDelay(source: string): (retried: number) => number {
  const tokens = source.match(/\s*(\d+(?:\.\d+)?|[A-Za-z_]+|\*\*|[-+*/%(),^])\s*/gy);
  const joined = tokens?.join("") ?? "";
  if (!tokens || joined.length !== source.length) {
    throw badRequest(`invalid retry delay expression "${source}": unexpected character`);
  }
  const toks = tokens.map((t) => t.trim());
  const fns: Record<string, (...a: number[]) => number> = {
    pow: Math.pow,
    exp: Math.exp,
    sqrt: Math.sqrt,
    abs: Math.abs,
    floor: Math.floor,
    ceil: Math.ceil,
    round: Math.round,
    min: Math.min,
    max: Math.max,
  };
  type Node = (r: number) => number;
  let i = 0;
  const fail = (why: string): never => {
    throw badRequest(`invalid retry delay expression "${source}": ${why}`);
  };
  const peek = () => toks[i];
  const expect = (t: string) => {
    if (toks[i] !== t) fail(`expected "${t}"`);
    i++;
  };
  const primary = (): Node => {
    const t = toks[i++];
    if (t === undefined) return fail("unexpected end");
    if (/^\d/.test(t)) {
      const n = Number(t);
      return () => n;
    }
    if (t === "retried") return (r) => r;
    if (t === "(") {
      const e = expr();
      expect(")");
      return e;
    }
    if (t === "-") {
      const p = unary();
      return (r) => -p(r);
    }
    const fn = fns[t];
    if (!fn) return fail(`unknown identifier "${t}"`);
    expect("(");
    const args: Node[] = [];
    if (peek() !== ")") {
      args.push(expr());
      while (peek() === ",") {
        i++;
        args.push(expr());
      }
    }
    expect(")");
    return (r) => fn(...args.map((a) => a(r)));
  };
  const unary = (): Node => primary();
  const power = (): Node => {
    const base = unary();
    if (peek() === "^" || peek() === "**") {
      i++;
      const e = power();
      return (r) => base(r) ** e(r);
    }
    return base;
  };
  const term = (): Node => {
    let left = power();
    while (peek() === "*" || peek() === "/" || peek() === "%") {
      const op = toks[i++];
      const l = left;
      const right = power();
      left =
        op === "*" ? (r) => l(r) * right(r) : op === "/" ? (r) => l(r) / right(r) : (r) => l(r) % right(r);
    }
    return left;
  };
  const expr = (): Node => {
    let left = term();
    while (peek() === "+" || peek() === "-") {
      const op = toks[i++];
      const l = left;
      const right = term();
      left = op === "+" ? (r) => l(r) + right(r) : (r) => l(r) - right(r);
    }
    return left;
  };
  if (toks.length === 0) fail("empty");
  const root = expr();
  if (i !== toks.length) fail(`unexpected "${toks[i]}"`);
  return (retried) => {
    const v = root(retried);
    return Number.isFinite(v) && v > 0 ? v : 0;
  };
}
