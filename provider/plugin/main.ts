/**
 * Entry point of the `pulumi-resource-qstash` provider plugin (started by
 * bin/pulumi-resource-qstash in the npm package, and by the launchers of the
 * self-contained plugin that scripts/build-plugin.mjs bundles): the same
 * handlers as the dynamic provider, served over Pulumi's provider protocol to
 * programs in any language and to `pulumi import`.
 * @internal
 * @module
 */
// first: refuses an old Node.js before anything else loads
import "./node-guard.js";
import { buildInfo } from "./build-info.js";
import { qstashProvider } from "./provider.js";
import { serve } from "./server.js";

void serve(qstashProvider(buildInfo()), process.argv.slice(2));
