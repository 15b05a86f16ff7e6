// workerd worker: runs the vectors against the bundled receiver on each request.
import * as receiver from "pulumi-qstash/receiver";
import doc from "../vectors/receiver.json";
import { runVectors, summarize } from "./run-vectors.mjs";

export default {
  async fetch() {
    const results = await runVectors(receiver, doc);
    return Response.json({ runtime: "workerd", summary: summarize(results), results });
  },
};
