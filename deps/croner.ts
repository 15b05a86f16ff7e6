/**
 * croner, for cron expressions in the provider's checks and the devserver's
 * schedules. Bundled into this module's output by the build (see zod.ts), so
 * the installed package needs no croner. Its type is declared here, with the
 * members we use, because the devserver's public declarations reach it and a
 * user's project has no croner to resolve them from.
 * @internal
 * @module
 */
import { Cron as Croner } from "croner";

/** A parsed cron expression. */
export interface Cron {
  /** The first run after `from`, or null when there is none. */
  nextRun(from?: Date): Date | null;
  /** Stops a scheduled job (ours are created paused). */
  stop(): void;
}

/** The options we pass: a paused 5-field expression, optionally in a time zone. */
export interface CronOptions {
  paused: true;
  mode: "5-part";
  timezone?: string;
}

/** Parses `pattern`; throws on an invalid expression or time zone. */
export const Cron: new (pattern: string, options: CronOptions) => Cron = Croner;
