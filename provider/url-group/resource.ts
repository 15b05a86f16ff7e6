import type * as pulumi from "@pulumi/pulumi";
import { QStashResource } from "../resource-base.js";
import {
  DECLARED,
  type UrlGroupArgs,
  type UrlGroupEndpointArgs,
  type UrlGroupOutputs,
} from "../resource-types.js";

export type { UrlGroupArgs, UrlGroupEndpointArgs };
/** @deprecated The old name of {@link UrlGroupEndpointArgs}. */
export type EndpointArgsItem = UrlGroupEndpointArgs;

// the outputs, declared once (resource-types.ts, generated from the declarations); Pulumi sets them
export interface UrlGroup extends UrlGroupOutputs {}

/**
 * A QStash URL group (formerly "topic"): one publish fans out to every endpoint.
 *
 * @example
 * ```ts
 * const orders = new UrlGroup("orders", {
 *   name: "orders",
 *   endpoints: [{ url: "https://api.acme.dev/orders", name: "api" }],
 * });
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above only adds the outputs Pulumi sets
export class UrlGroup extends QStashResource {
  constructor(name: string, args: UrlGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super("UrlGroup", DECLARED.UrlGroup, name, args, {}, opts);
  }
}

/** The old name of {@link UrlGroup}; QStash's API still calls them topics. */
export const Topic = UrlGroup;
/** @see UrlGroup */
export type Topic = UrlGroup;
/** @see UrlGroupArgs */
export type TopicArgs = UrlGroupArgs;
