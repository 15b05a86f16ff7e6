/**
 * Entry point of the `pulumi-resource-qstash` provider plugin (started by
 * bin/pulumi-resource-qstash): the same handlers as the dynamic provider,
 * served over Pulumi's provider protocol to programs in any language and to
 * `pulumi import`.
 * @internal
 * @module
 */
// first: refuses an old Node.js before anything else loads
import "./node-guard.js";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { qstashProvider } from "./provider.js";
import { serve } from "./server.js";

/** The package version: dist/cjs/provider/plugin/main.js sits four folders below package.json. */
function version(): string {
  try {
    const pkg = join(dirname(process.argv[1] ?? ""), "../../../../package.json");
    return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}

void serve(qstashProvider(version()), process.argv.slice(2));
