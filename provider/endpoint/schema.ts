import * as z from "../../deps/zod.js";
import { property } from "../property.js";
import { adopt, connection, endpointName, httpUrl, name } from "../validators.js";

export const endpointResourceSchema = z.strictObject({
  urlGroup: property(name("URL group name"), {
    description: "Name of the URL group the endpoint belongs to; created if missing.",
    replaces: true,
  }),
  url: property(httpUrl, {
    description: "Endpoint URL (http:// or https://), kept exactly as written.",
    replaces: true,
  }),
  name: property(endpointName.optional(), {
    description: "Endpoint name, unique within the group; any text, spaces included.",
    replaces: true,
  }),
  adopt: adopt(
    "an endpoint",
    "Accepted for symmetry with the other resources; adding an endpoint is already idempotent.",
  ),
  connection,
});

export type EndpointInputs = z.output<typeof endpointResourceSchema>;

/** An endpoint reports nothing beyond its inputs. */
export const endpointOutputs = z.strictObject({});

/** (An empty object: nothing to report.) */
export type EndpointOutputs = Record<never, never>;
