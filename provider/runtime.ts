/**
 * The provider runtime: what the `__provider` of every resource loads inside
 * Pulumi's dynamic-provider process (see resource-base.ts). Internal; its
 * exports may change between versions.
 * @internal
 * @module
 */

// first: refuses an old Node.js before @pulumi/pulumi or undici load
import "./node-guard.js";
// then: a program without @pulumi/pulumi is told what to install
import "./peer.js";

import type * as pulumi from "@pulumi/pulumi";
import { configureFrom } from "./connection.js";
import { endpointHandler } from "./endpoint/handlers.js";
import type { Handler } from "./handler.js";
import { RESOURCE_KINDS, type ResourceKind } from "./kinds.js";
import { queueHandler } from "./queue/handlers.js";
import { scheduleHandler } from "./schedule/handlers.js";
import { urlGroupHandler } from "./url-group/handlers.js";

const handlers: Record<ResourceKind, Handler> = {
  UrlGroup: urlGroupHandler,
  Endpoint: endpointHandler,
  Schedule: scheduleHandler,
  Queue: queueHandler,
};

export { RESOURCE_KINDS };

/** Reads `qstash:token`, `qstash:url`, `qstash:region` (or QSTASH_* env) once per provider process. */
export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configureFrom(req.config);
  // Pulumi's dynamic-provider process is started with the engine's address;
  // the CLI does not show its stderr, so warnings go to the engine's log.
  const engine = dynamicProviderEngine();
  if (engine) (await import("./engine-log.js")).warnThroughEngine(engine);
}

/** The CRUD handlers of one resource kind. */
export function handler(kind: ResourceKind): Handler {
  const h = handlers[kind];
  if (!h) throw new Error(`pulumi-qstash: unknown resource kind ${JSON.stringify(kind)}`);
  return h;
}

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/** The dynamic provider object for one resource kind: `configure` plus its handlers. */
export function provider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let p = providers.get(kind);
  if (!p) {
    const h = handler(kind);
    p = {
      configure,
      check: (olds, news) => h.check(olds, news),
      diff: (id, olds, news) => h.diff(id, olds, news),
      create: (inputs) => h.create(inputs),
      read: (id, props) => h.read(id, props ?? {}),
      update: (id, olds, news) => h.update(id, olds, news),
      delete: (id, props) => h.delete(id, props),
    };
    providers.set(kind, p);
  }
  return p;
}

/** The engine's address when this is Pulumi's dynamic-provider process (its first argument). */
function dynamicProviderEngine(): string | undefined {
  const [, script = "", address] = process.argv;
  return /[\\/]dynamic-provider([\\/]index\.js)?$/.test(script) ? address : undefined;
}
