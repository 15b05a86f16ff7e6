import type { ResourceKind } from "../resource-base.js";

/** The package name: type tokens are `qstash:index:<Kind>`, config keys `qstash:<key>`. */
export const PACKAGE = "qstash";

/** Resource kinds the plugin serves, in schema order. */
export const KINDS: readonly ResourceKind[] = ["UrlGroup", "Endpoint", "Schedule", "Queue"];

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

/** The parts of a URN the plugin needs. */
export function urnParts(urn: string): {
  stack: string;
  project: string;
  type: string;
  parentTypes: string;
  name: string;
} {
  const [head = "", project = "", qualifiedType = "", ...rest] = urn.split("::");
  const types = qualifiedType.split("$");
  return {
    stack: head.replace(/^urn:pulumi:/, ""),
    project,
    type: types[types.length - 1] ?? "",
    parentTypes: types.slice(0, -1).join("$"),
    name: rest.join("::"),
  };
}
