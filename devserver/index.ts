/**
 * A local QStash-compatible server for tests and local development.
 *
 * @example
 * ```ts
 * import { startDevServer } from "pulumi-qstash/devserver";
 * const dev = await startDevServer({ port: 0 });
 * process.env.QSTASH_URL = dev.url;
 * process.env.QSTASH_TOKEN = dev.token;
 * // ... run code that uses @upstash/qstash or pulumi-qstash/client ...
 * await dev.close();
 * ```
 * @module
 */

// first: refuses an old Node.js before undici loads
import "./node-guard.js";

// every constant: the default host and port, the dev token and the dev signing keys
export * from "./constants.js";
export type { DevServerLimits } from "./context.js";
export type { DeliveryRecord } from "./engine.js";
export type { FaultConfig, FaultKind, FaultRule, Faults } from "./faults.js";
export { DataFileError } from "./persist.js";
export type { RequestLog, RequestLogEntry } from "./request-log.js";
export {
  type DevServer,
  type DevServerClock,
  type DevServerInventory,
  type DevServerOptions,
  type FiredSchedule,
  startDevServer,
} from "./server.js";
