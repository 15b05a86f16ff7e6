/**
 * `@pulumi/pulumi` is the Pulumi program's own copy: an optional peer
 * dependency, so a program never gets a second Pulumi SDK (whose global state
 * would split) and a deployed handler that installs this package for its
 * receiver or client never downloads it. The provider's entries import this
 * module first: where the SDK is missing, loading them fails with what to
 * install instead of a module-resolution stack trace.
 *
 * The provider's entries are CommonJS (the ESM entry re-exports them, see
 * scripts/build.mjs), so `require` is there; under a source-level test
 * runner it is not, and the SDK is a devDependency.
 * @internal
 * @module
 */

/** The message when the program has no @pulumi/pulumi. */
export const MISSING_PULUMI =
  "pulumi-qstash: the Pulumi resources need @pulumi/pulumi, the Pulumi program's own SDK, and none is installed " +
  "where this package is. Install it in the program (npm install @pulumi/pulumi). pulumi-qstash/receiver and " +
  "pulumi-qstash/client do not need it.";

if (typeof require === "function") {
  try {
    require.resolve("@pulumi/pulumi");
  } catch {
    throw new Error(MISSING_PULUMI);
  }
}
