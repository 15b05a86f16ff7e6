import * as z from "../../deps/zod.js";
import { field, property } from "../property.js";
import { adopt, connection, endpointName, httpUrl, name } from "../validators.js";

export const endpointSchema = z.strictObject(
  {
    url: field(httpUrl, "Endpoint URL (http:// or https://), kept exactly as written."),
    name: field(
      endpointName.optional(),
      "Endpoint name, unique within the group; any text, spaces included.",
    ),
  },
  { error: "expected an endpoint { url, name? }" },
);

export type EndpointSpec = z.output<typeof endpointSchema>;

/** Endpoints in a stable order, so reordering them in a program is not a change. */
export function sortEndpoints(e: readonly EndpointSpec[]): EndpointSpec[] {
  return [...e]
    .map((x) => (x.name === undefined || x.name === "" ? { url: x.url } : { url: x.url, name: x.name }))
    .sort((a, b) => (a.url + (a.name ?? "")).localeCompare(b.url + (b.name ?? "")));
}

export const urlGroupSchema = z.strictObject({
  name: property(name("URL group name"), {
    description: "Group name: letters, digits, `-`, `_`, `.`. Changing it replaces the group.",
    replaces: true,
  }),
  endpoints: property(
    z
      .array(endpointSchema, { error: "expected a list of endpoints [{ url, name? }]" })
      .min(1, { error: "expected at least one endpoint (QStash deletes a URL group with no endpoints)" })
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((e, i) => {
          const key = e.name ? `name:${e.name}` : `url:${e.url}`;
          if (seen.has(key)) {
            ctx.addIssue({
              code: "custom",
              path: [i],
              message: `duplicate endpoint ${e.name ? `name ${JSON.stringify(e.name)}` : `url ${JSON.stringify(e.url)}`}`,
            });
          }
          seen.add(key);
        });
      })
      .transform(sortEndpoints),
    {
      description:
        "The group's endpoints ({ url, name? }), at least one. Applied in place with the fewest add and remove calls; order does not matter. Manage a group's endpoints here or with Endpoint resources, not both.",
    },
  ),
  adopt: adopt("a URL group"),
  connection,
});

export type UrlGroupInputs = z.output<typeof urlGroupSchema>;

/** What a URL group reports beyond its inputs. */
export const urlGroupOutputs = z.strictObject({
  createdAt: property(z.number().optional(), { description: "Creation time, milliseconds since the epoch." }),
});

export type UrlGroupOutputs = z.output<typeof urlGroupOutputs>;
