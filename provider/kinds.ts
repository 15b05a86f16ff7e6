/**
 * The resource kinds, in the order the plugin's schema and the README list
 * them. Plain data: what must load fast (import-file) reads it without the
 * handlers. `runtime.ts` maps each to its handler, and the compiler holds
 * that map to this list.
 */
export const RESOURCE_KINDS = ["UrlGroup", "Endpoint", "Schedule", "Queue"] as const;

/** A resource kind served by the provider. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
