// workerd worker: publishes one JSON message with the bundled client on each
// request, to the devserver and destination named by its bindings.
import { Client } from "pulumi-qstash/client";

export default {
  async fetch(_request, env) {
    const client = new Client({ baseUrl: env.QSTASH_URL, token: env.QSTASH_TOKEN, retry: { retries: 2 } });
    try {
      const { messageId } = await client.publishJSON({
        url: env.DESTINATION,
        body: { runtime: "workerd", sent: "from the client" },
      });
      return Response.json({ runtime: "workerd", messageId });
    } catch (error) {
      return Response.json({ runtime: "workerd", error: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
