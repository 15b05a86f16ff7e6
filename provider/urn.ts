/** The parts of a resource URN (`urn:pulumi:<stack>::<project>::<type>::<name>`) the provider uses. */
export interface UrnParts {
  stack: string;
  project: string;
  /** The resource's own type: the last of a `$`-separated parent chain. */
  type: string;
  /** The parents' types, `$`-separated (empty without a parent). */
  parentTypes: string;
  name: string;
}

/** Split a URN into its parts. */
export function urnParts(urn: string): UrnParts {
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
