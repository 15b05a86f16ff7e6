import type { AddEndpoint, Client, RemoveEndpoint, UrlGroup } from "../../sdk/client/index.js";
import { AdoptionRefusedError } from "../adoption.js";
import { clientFor } from "../connection.js";
import { defineHandler, getOrUndefined } from "../handler.js";
import { warn } from "../warnings.js";
import {
  type EndpointSpec,
  sortEndpoints,
  type UrlGroupInputs,
  type UrlGroupOutputs,
  urlGroupOutputs,
  urlGroupSchema,
} from "./schema.js";

const key = (e: EndpointSpec) => `${e.name ?? ""}\u0000${e.url}`;
const selector = (e: EndpointSpec): RemoveEndpoint => (e.name ? { name: e.name } : { url: e.url });
const toAdd = (e: EndpointSpec): AddEndpoint => (e.name ? { url: e.url, name: e.name } : { url: e.url });

function outsOf(g: UrlGroup) {
  return { name: g.name, endpoints: sortEndpoints(g.endpoints ?? []), createdAt: g.createdAt };
}

/**
 * Move a group from `current` to `desired` endpoints with the fewest calls:
 * one add for what is missing, one remove for what is extra. When the removal
 * would empty the group (which deletes it in QStash), the add goes first.
 */
export async function reconcileEndpoints(
  client: Client,
  name: string,
  current: readonly EndpointSpec[],
  desired: readonly EndpointSpec[],
): Promise<void> {
  const have = new Set(current.map(key));
  const want = new Set(desired.map(key));
  const add = desired.filter((e) => !have.has(key(e)));
  const remove = current.filter((e) => !want.has(key(e)));
  const addFirst = remove.length === current.length;
  const doAdd = async () => {
    if (add.length) await client.urlGroups.addEndpoints({ name, endpoints: add.map(toAdd) });
  };
  const doRemove = async () => {
    if (remove.length) await client.urlGroups.removeEndpoints({ name, endpoints: remove.map(selector) });
  };
  if (addFirst) {
    await doAdd();
    await doRemove();
  } else {
    await doRemove();
    await doAdd();
  }
}

/**
 * The conflict between inline endpoints and `Endpoint` resources (or hand
 * edits) made visible: refresh found endpoints this resource did not create.
 */
export function foreignEndpointsWarning(group: string, foreign: readonly EndpointSpec[]): string {
  const list = foreign.map((e) => (e.name ? `${e.name} (${e.url})` : e.url)).join(", ");
  return (
    `URL group ${JSON.stringify(group)} has endpoints that this UrlGroup resource does not declare: ${list}. ` +
    "The next `pulumi up` removes them. If they belong to Endpoint resources (perhaps in another stack), " +
    "manage this group's endpoints in one place: inline in the UrlGroup, or only with Endpoint resources."
  );
}

export const urlGroupHandler = defineHandler<UrlGroupInputs, UrlGroupOutputs>({
  kind: "UrlGroup",
  description:
    'A QStash URL group (formerly "topic"): one publish fans out to every endpoint. Id: the group name.',
  inputs: urlGroupSchema,
  outputs: urlGroupOutputs,
  identity: (p) => [String(p.name)],

  async create(client, i) {
    const existing = await getOrUndefined(() => client.urlGroups.get(i.name));
    const current = sortEndpoints(existing?.endpoints ?? []);
    // Only `adopt` takes over an existing group, even one with these very endpoints (see queues).
    if (existing && !i.adopt) {
      throw new AdoptionRefusedError("URL group", JSON.stringify(i.name));
    }
    await reconcileEndpoints(client, i.name, current, i.endpoints);
    const g = await client.urlGroups.get(i.name);
    return { id: i.name, outs: outsOf(g) };
  },

  async read(client, id, props) {
    const g = await getOrUndefined(() => client.urlGroups.get(id));
    if (!g) return undefined;
    const outs = outsOf(g);
    const known = new Set((props.endpoints ?? []).map(key));
    const foreign = outs.endpoints.filter((e) => !known.has(key(e)));
    if (foreign.length) await warn(foreignEndpointsWarning(id, foreign));
    return { outs, inputs: { name: outs.name, endpoints: outs.endpoints } };
  },

  async update(client, id, olds, i) {
    // Start from the live group, so drift repaired by `up` is repaired exactly.
    const live = await getOrUndefined(() => client.urlGroups.get(id));
    const current = live ? sortEndpoints(live.endpoints) : sortEndpoints(olds.endpoints ?? []);
    await reconcileEndpoints(client, i.name, live ? current : [], i.endpoints);
    return outsOf(await client.urlGroups.get(i.name));
  },

  async delete(client, id) {
    await client.urlGroups.delete(id);
  },

  // the endpoints it has are the ones it declares: no "foreign endpoints" warning on import
  async importState(id) {
    const client = await clientFor();
    const group = await getOrUndefined(() => client.urlGroups.get(id));
    return group ? { name: id, endpoints: group.endpoints } : { name: id };
  },
});
