import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, inputsOf } from "../args.js";
import { QStashResource } from "../resource-base.js";
import { UrlGroup } from "../url-group/resource.js";

/** Arguments of an {@link Endpoint}. */
export interface EndpointArgs extends CommonArgs {
  /** The URL group's name. The group is created if it does not exist yet. */
  urlGroup: pulumi.Input<string>;
  /** The endpoint URL (http:// or https://). Changing it replaces the endpoint. */
  url: pulumi.Input<string>;
  /** Optional endpoint name, unique within the group. */
  name?: pulumi.Input<string>;
}

/**
 * One endpoint attached to a URL group that may be owned elsewhere (another
 * stack, or created by hand). Deleting it removes only this endpoint.
 *
 * A group's endpoints are managed either inline by a {@link UrlGroup} or by
 * `Endpoint` resources, not both: passing a `UrlGroup` resource here is
 * refused, and a `UrlGroup` whose refresh finds endpoints it does not declare
 * warns about them by name and removes them on the next `up`.
 *
 * @example
 * ```ts
 * new Endpoint("billing-hook", { urlGroup: "orders", url: "https://billing.acme.dev/hook", name: "billing" });
 * ```
 */
export class Endpoint extends QStashResource {
  declare readonly urlGroup: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | undefined>;

  constructor(name: string, args: EndpointArgs, opts?: pulumi.CustomResourceOptions) {
    if ((args.urlGroup as unknown) instanceof UrlGroup) {
      throw new Error(
        `Endpoint ${JSON.stringify(name)}: urlGroup is a UrlGroup resource that manages its endpoints inline; ` +
          "add the endpoint to its `endpoints` list instead, or manage the group's endpoints only with Endpoint resources",
      );
    }
    super("Endpoint", name, args, inputsOf(args, ["urlGroup", "url", "name"]), [], opts);
  }
}
