import type { Client } from "../../sdk/client/index.js";
import { AdoptionRefusedError } from "../adoption.js";
import { clientFor } from "../connection.js";
import { defineHandler, getOrUndefined } from "../handler.js";
import {
  type EndpointInputs,
  type EndpointOutputs,
  endpointOutputs,
  endpointResourceSchema,
} from "./schema.js";

const idOf = (i: { urlGroup: string; url: string; name?: string | undefined }) =>
  `${i.urlGroup}/${i.name ?? i.url}`;

async function find(client: Client, props: { urlGroup: string; url: string; name?: string | undefined }) {
  const g = await getOrUndefined(() => client.urlGroups.get(props.urlGroup));
  return g?.endpoints.find((e) => e.url === props.url && (e.name ?? undefined) === (props.name ?? undefined));
}

type Where = { urlGroup: string; url: string; name?: string | undefined };

/** What state must hold for the endpoint to be found (it always does, past create or import). */
function where(p: Partial<Where>): Where {
  if (p.urlGroup === undefined || p.url === undefined) {
    throw new Error("pulumi-qstash: Endpoint state lacks urlGroup or url");
  }
  return { urlGroup: p.urlGroup, url: p.url, name: p.name };
}

export const endpointHandler = defineHandler<EndpointInputs, EndpointOutputs>({
  kind: "Endpoint",
  description:
    "One endpoint of a URL group that may be owned elsewhere; deleting it removes only that endpoint. Id: `<group>/<name or url>`.",
  inputs: endpointResourceSchema,
  outputs: endpointOutputs,
  // removed by name when it has one, else by URL: either, kept, is the same endpoint
  identity: (p) => [
    `${p.urlGroup}\u0000url\u0000${p.url}`,
    ...(p.name === undefined ? [] : [`${p.urlGroup}\u0000name\u0000${p.name}`]),
  ],

  // Adding an endpoint is an upsert keyed by the endpoint itself, so a retry or
  // a re-run after a crash finds its own endpoint and changes nothing.
  async create(client, i) {
    // As for queues and groups: only `adopt` takes over an endpoint already in the group (another
    // stack's, or this stack's under an old resource name), since its deletion would follow.
    if (!i.adopt && (await find(client, i))) {
      throw new AdoptionRefusedError("endpoint", JSON.stringify(idOf(i)));
    }
    const ep = i.name ? { url: i.url, name: i.name } : { url: i.url };
    await client.urlGroups.addEndpoints({ name: i.urlGroup, endpoints: [ep] });
    return { id: idOf(i), outs: {} };
  },

  async read(client, _id, state) {
    const p = where(state);
    const e = await find(client, p);
    if (!e) return undefined;
    const inputs = { urlGroup: p.urlGroup, url: e.url, ...(e.name ? { name: e.name } : {}) };
    return { outs: {}, inputs };
  },

  async update() {
    // every input replaces; nothing changes in place
    return {};
  },

  // Removes only this endpoint; the group's other endpoints stay. Removing the
  // last one deletes the group, as QStash does.
  async delete(client, _id, state) {
    const p = where(state);
    if (!(await find(client, p))) return;
    await client.urlGroups.removeEndpoints({
      name: p.urlGroup,
      endpoints: [p.name ? { name: p.name } : { url: p.url }],
    });
  },

  // `<group>/<name or url>`: group names have no `/`, URLs start with a scheme
  async importState(id) {
    const slash = id.indexOf("/");
    if (slash <= 0) throw new Error(`Endpoint id ${JSON.stringify(id)}: expected <urlGroup>/<name or url>`);
    const urlGroup = id.slice(0, slash);
    const rest = id.slice(slash + 1);
    const client = await clientFor();
    const group = await getOrUndefined(() => client.urlGroups.get(urlGroup));
    const byUrl = /^https?:\/\//.test(rest);
    const e = group?.endpoints.find((x) => (byUrl ? x.url === rest && !x.name : x.name === rest));
    return e ? { urlGroup, url: e.url, ...(e.name ? { name: e.name } : {}) } : { urlGroup, url: rest };
  },
});
