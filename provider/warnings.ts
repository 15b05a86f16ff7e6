/**
 * Warnings the handlers give the user (an import that cannot carry something
 * over). By default they go to stderr (`console.warn`); the provider plugin
 * sends them to the engine's log instead, since the CLI does not show a
 * plugin's stderr.
 */
type Sink = (message: string) => void | Promise<void>;

let sink: Sink = (message) => console.warn(message);

/** Give the user a warning; resolves once it is delivered. */
export async function warn(message: string): Promise<void> {
  await sink(message);
}

/** Where warnings go from now on (the provider plugin's engine log). */
export function setWarningSink(s: Sink): void {
  sink = s;
}
