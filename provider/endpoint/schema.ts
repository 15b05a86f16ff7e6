import { z } from "zod";
import { connection, httpUrl, name } from "../validators.js";

export const endpointResourceSchema = z.strictObject({
  urlGroup: name("URL group name"),
  url: httpUrl,
  name: name("endpoint name").optional(),
  adopt: z.boolean({ error: "expected true or false" }).optional(),
  connection,
});

export const endpointResourcePartial = endpointResourceSchema.partial();

export type EndpointInputs = z.output<typeof endpointResourceSchema>;
