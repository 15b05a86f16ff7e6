import { PulumiQStashError } from "../sdk/errors.js";

/**
 * Refuse to take over an object this resource did not create. Whether its
 * settings match says nothing about who owns it (another stack with the same
 * program, a resource renamed without an alias, a queue an enqueue created),
 * and taking it over would hand its deletion to this resource.
 */
export class AdoptionRefusedError extends PulumiQStashError {
  readonly code = "ADOPTION_REFUSED";
  constructor(kind: string, what: string) {
    super(
      `${kind} ${what} already exists in QStash and this resource did not create it: another resource or ` +
        "stack may own it, or it was made by hand or by an enqueue. If you renamed this resource in your " +
        'program, add `aliases: [{ name: "<old name>" }]` to its options so Pulumi keeps it as the same ' +
        "resource. To take the object over (its deletion then follows this resource), set `adopt: true` on " +
        "the resource, or `pulumi import` it with the provider plugin. Otherwise choose another name.",
    );
    this.name = "AdoptionRefusedError";
  }
}
