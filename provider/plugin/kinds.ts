import { RESOURCE_KINDS, type ResourceKind } from "../kinds.js";
import { urnParts } from "../urn.js";

/** The package name: type tokens are `qstash:index:<Kind>`, config keys `qstash:<key>`. */
export const PACKAGE = "qstash";

/** Resource kinds the plugin serves, in schema order. */
export const KINDS: readonly ResourceKind[] = RESOURCE_KINDS;

/** The type token of a resource kind. */
export function tokenOf(kind: ResourceKind): string {
  return `${PACKAGE}:index:${kind}`;
}

/** The function token of `getSigningKeys`. */
export const GET_SIGNING_KEYS = `${PACKAGE}:index:getSigningKeys`;

/**
 * The resource kind named by a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`);
 * the type is the last of a `$`-separated parent chain.
 */
export function kindOfUrn(urn: string): ResourceKind {
  const type = urnParts(urn).type;
  const kind = KINDS.find((k) => tokenOf(k) === type);
  if (!kind) throw new Error(`pulumi-resource-qstash: unknown resource type ${JSON.stringify(type)}`);
  return kind;
}
