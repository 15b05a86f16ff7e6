/**
 * The one door into the client's internals for the rest of the package: the
 * provider checks inputs with the client's own checks, and resolves a base
 * URL as the client does. Nothing else outside `sdk/client/` may reach into
 * `internal/` (test/unit/architecture.test.ts). Not part of the public API.
 * @internal
 * @module
 */
export { normaliseBaseUrl } from "./config.js";
export * as validate from "./validate.js";
