/**
 * croner, for cron expressions in the provider's checks and the devserver's
 * schedules. Bundled into this module's output by the build (see zod.ts), so
 * the installed package needs no croner.
 * @internal
 * @module
 */
export { Cron } from "croner";
