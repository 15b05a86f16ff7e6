import type { Client, QueueInfo } from "../../sdk/client/index.js";
import { AdoptionRefusedError } from "../adoption.js";
import { defineHandler, getOrUndefined } from "../handler.js";
import { type QueueInputs, type QueueOutputs, queueOutputs, queueSchema } from "./schema.js";

function outsOf(q: QueueInfo) {
  return { name: q.name, parallelism: q.parallelism, paused: q.paused, lag: q.lag, createdAt: q.createdAt };
}

async function apply(client: Client, i: QueueInputs): Promise<QueueInfo> {
  await client.queues.upsert({ queueName: i.name, parallelism: i.parallelism, paused: i.paused });
  return client.queues.get(i.name);
}

export const queueHandler = defineHandler<QueueInputs, QueueOutputs>({
  kind: "Queue",
  description: "A QStash queue. Id: the queue name.",
  inputs: queueSchema,
  outputs: queueOutputs,
  identity: (p) => [String(p.name)],

  async create(client, i) {
    // Only `adopt` takes over an existing queue, even one with these very settings: it may be
    // another stack's, or this one's under an old resource name, and its deletion would follow.
    if (!i.adopt && (await getOrUndefined(() => client.queues.get(i.name)))) {
      throw new AdoptionRefusedError("queue", JSON.stringify(i.name));
    }
    const q = await apply(client, i);
    return { id: i.name, outs: outsOf(q) };
  },

  async read(client, id) {
    const q = await getOrUndefined(() => client.queues.get(id));
    if (!q) return undefined;
    return { outs: outsOf(q), inputs: { name: q.name, parallelism: q.parallelism, paused: q.paused } };
  },

  async update(client, _id, _olds, i) {
    return outsOf(await apply(client, i));
  },

  async delete(client, id) {
    await client.queues.delete(id);
  },

  importState: async (id) => ({ name: id }),
});
