import type * as pulumi from "@pulumi/pulumi";
import { QStashResource } from "../resource-base.js";
import { DECLARED, type EndpointArgs, type EndpointOutputs } from "../resource-types.js";
import { UrlGroup } from "../url-group/resource.js";

export type { EndpointArgs };

// the outputs, declared once (resource-types.ts, generated from the declarations); Pulumi sets them
export interface Endpoint extends EndpointOutputs {}

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
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above only adds the outputs Pulumi sets
export class Endpoint extends QStashResource {
  constructor(name: string, args: EndpointArgs, opts?: pulumi.CustomResourceOptions) {
    if ((args.urlGroup as unknown) instanceof UrlGroup) {
      throw new Error(
        `Endpoint ${JSON.stringify(name)}: urlGroup is a UrlGroup resource that manages its endpoints inline; ` +
          "add the endpoint to its `endpoints` list instead, or manage the group's endpoints only with Endpoint resources",
      );
    }
    super("Endpoint", DECLARED.Endpoint, name, args, {}, opts);
  }
}
