/**
 * The provider runtime: what the serialized `__provider` of every resource
 * loads inside Pulumi's dynamic-provider process (see shim.ts). Internal; its
 * exports may change between versions.
 * @internal
 * @module
 */
import { configureFrom } from "./connection.js";
import { endpointHandler } from "./endpoint/handlers.js";
import type { Handler } from "./handler.js";
import { queueHandler } from "./queue/handlers.js";
import { scheduleHandler } from "./schedule/handlers.js";
import type { ResourceKind } from "./shim.js";
import { urlGroupHandler } from "./url-group/handlers.js";

const handlers: Record<ResourceKind, Handler> = {
  UrlGroup: urlGroupHandler,
  Endpoint: endpointHandler,
  Schedule: scheduleHandler,
  Queue: queueHandler,
};

/** Reads `qstash:token`, `qstash:url`, `qstash:region` (or QSTASH_* env) once per provider process. */
export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configureFrom(req.config);
}

/** The CRUD handlers of one resource kind. */
export function handler(kind: ResourceKind): Handler {
  const h = handlers[kind];
  if (!h) throw new Error(`pulumi-qstash: unknown resource kind ${JSON.stringify(kind)}`);
  return h;
}
