/**
 * The lowest Node.js the Node-only entries run on (the provider, its plugin,
 * `provider-runtime`, the devserver and the `pulumi-qstash` command), and the
 * check each of them makes before it loads anything else.
 *
 * The floor is set by dependencies, not by our code: undici 8 declares it in
 * its `engines` and throws while loading on older versions (a TypeError from
 * deep inside undici that names no version), and @pulumi/pulumi declares
 * Node 22. `test/unit/node-version.test.ts` holds this constant to their
 * `engines`. The receiver and the client are not held to it: the client's
 * Node transport sends with the runtime's `fetch` below it
 * (`sdk/client/internal/transport-undici.node.ts`).
 *
 * No imports beyond node:fs, so `bin/pulumi-qstash.cjs` can load it on any
 * Node.js and a bundler inlines it without reading files at run time.
 *
 * @example
 * ```ts
 * import "./node-guard.js"; // first import of an entry: one line and exit 1 on an old Node.js
 * nodeAtLeast(NODE_MINIMUM); // true on Node.js 22.19.0 and later
 * ```
 * @module
 */
import { writeSync } from "node:fs";

/** The lowest Node.js version the Node-only entries support. */
export const NODE_MINIMUM = "22.19.0";

/** This process's Node.js version; undefined where there is no `process` (a browser). */
function runningNode(): string | undefined {
  return (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
}

function parts(version: string): number[] {
  return version
    .replace(/^v/, "")
    .split(".")
    .map((p) => Number.parseInt(p, 10) || 0);
}

/** Whether `running` (default: this process's Node.js) is `minimum` or newer; false outside Node. */
export function nodeAtLeast(minimum: string, running: string | undefined = runningNode()): boolean {
  if (running === undefined) return false;
  const have = parts(running);
  const need = parts(minimum);
  for (let i = 0; i < 3; i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/**
 * The one-line refusal for `entry` when `running` is older than
 * {@link NODE_MINIMUM}, or `undefined` when it is new enough.
 */
export function nodeVersionProblem(
  entry: string,
  running: string | undefined = runningNode(),
): string | undefined {
  if (nodeAtLeast(NODE_MINIMUM, running)) return undefined;
  const at = (globalThis as { process?: { execPath?: string } }).process?.execPath;
  return `${entry} needs Node.js >= ${NODE_MINIMUM}, but this is Node.js ${running ?? "(unknown)"}${at ? ` (${at})` : ""}; install Node.js ${NODE_MINIMUM} or newer`;
}

/**
 * Ends the process with the one-line refusal (on stderr, exit code 1) when
 * this Node.js is too old for `entry`. Written synchronously, so the line is
 * not lost when the process exits at once (a pipe to the Pulumi CLI may be
 * asynchronous), and exiting rather than throwing keeps a dependency's stack
 * trace, or our own, out of what the user reads. `newlineFirst` puts the line
 * on a line of its own where a caller appends the output to its own text.
 */
export function exitUnlessSupportedNode(entry: string, options: { newlineFirst?: boolean } = {}): void {
  const problem = nodeVersionProblem(entry);
  if (problem === undefined) return;
  try {
    writeSync(2, `${options.newlineFirst ? "\n" : ""}${problem}\n`);
  } catch {
    // stderr is closed: the exit code still says it
  }
  process.exit(1);
}
