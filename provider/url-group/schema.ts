import * as z from "../../deps/zod.js";
import { connection, endpointName, httpUrl, name } from "../validators.js";

export const endpointSchema = z.strictObject(
  {
    url: httpUrl,
    name: endpointName.optional(),
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
  name: name("URL group name"),
  endpoints: z
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
  adopt: z.boolean({ error: "expected true or false" }).optional(),
  connection,
});

export const urlGroupPartial = urlGroupSchema.partial();

export type UrlGroupInputs = z.output<typeof urlGroupSchema>;
