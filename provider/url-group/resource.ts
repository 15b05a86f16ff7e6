import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, inputsOf } from "../args.js";
import { QStashResource } from "../resource-base.js";

/** One endpoint of a URL group. */
export interface EndpointArgsItem {
  /** The endpoint's URL (http:// or https://). */
  url: pulumi.Input<string>;
  /** Optional endpoint name, unique within the group. */
  name?: pulumi.Input<string>;
}

/** Arguments of a {@link UrlGroup}. */
export interface UrlGroupArgs extends CommonArgs {
  /** Group name: letters, digits, `-`, `_`, `.`. Changing it replaces the group. */
  name: pulumi.Input<string>;
  /**
   * The group's endpoints, managed inline (at least one). Changes are applied
   * in place with the minimal add and remove calls. Manage a group's
   * endpoints either here or with {@link Endpoint} resources, not both.
   */
  endpoints: pulumi.Input<pulumi.Input<EndpointArgsItem>[]>;
}

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
export class UrlGroup extends QStashResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly endpoints: pulumi.Output<{ url: string; name?: string }[]>;
  declare readonly createdAt: pulumi.Output<number>;

  constructor(name: string, args: UrlGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super("UrlGroup", name, args, inputsOf(args, ["name", "endpoints"]), ["createdAt"], opts);
  }
}

/** The old name of {@link UrlGroup}; QStash's API still calls them topics. */
export const Topic = UrlGroup;
/** @see UrlGroup */
export type Topic = UrlGroup;
/** @see UrlGroupArgs */
export type TopicArgs = UrlGroupArgs;
