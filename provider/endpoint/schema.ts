import * as z from "../../deps/zod.js";
import { connection, endpointName, httpUrl, name } from "../validators.js";

export const endpointResourceSchema = z.strictObject({
  urlGroup: name("URL group name"),
  url: httpUrl,
  name: endpointName.optional(),
  adopt: z.boolean({ error: "expected true or false" }).optional(),
  connection,
});

export const endpointResourcePartial = endpointResourceSchema.partial();

export type EndpointInputs = z.output<typeof endpointResourceSchema>;
