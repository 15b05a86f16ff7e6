import type { Client } from "../../sdk/client/index.js";
import { AdoptionRefusedError } from "../adoption.js";
import { defineHandler, getOrUndefined } from "../handler.js";
import { type EndpointInputs, endpointResourcePartial, endpointResourceSchema } from "./schema.js";

const idOf = (i: { urlGroup: string; url: string; name?: string | undefined }) =>
  `${i.urlGroup}/${i.name ?? i.url}`;

async function find(client: Client, props: { urlGroup: string; url: string; name?: string | undefined }) {
  const g = await getOrUndefined(() => client.urlGroups.get(props.urlGroup));
  return g?.endpoints.find((e) => e.url === props.url && (e.name ?? undefined) === (props.name ?? undefined));
}

export const endpointHandler = defineHandler<EndpointInputs>({
  kind: "Endpoint",
  schema: endpointResourceSchema,
  partialSchema: endpointResourcePartial,
  inputKeys: ["urlGroup", "url", "name"],
  replaceKeys: ["urlGroup", "url", "name"],
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

  async read(client, _id, props) {
    const e = await find(client, props as EndpointInputs);
    if (!e) return undefined;
    const inputs = { urlGroup: props.urlGroup, url: e.url, ...(e.name ? { name: e.name } : {}) };
    return { outs: inputs, inputs };
  },

  async update() {
    // every input replaces; nothing changes in place
    return {};
  },

  // Removes only this endpoint; the group's other endpoints stay. Removing the
  // last one deletes the group, as QStash does.
  async delete(client, _id, props) {
    const p = props as EndpointInputs;
    if (!(await find(client, p))) return;
    await client.urlGroups.removeEndpoints({
      name: p.urlGroup,
      endpoints: [p.name ? { name: p.name } : { url: p.url }],
    });
  },
});
