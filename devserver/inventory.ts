import type { DevServerInventory } from "./options.js";
import type { Store } from "./store.js";
import { dlqJson, messageJson, queueJson, scheduleJson, urlGroupJson } from "./views.js";

/** Everything stored, in the same JSON shapes the API returns (`GET /__dev/inventory`). */
export function inventoryOf(store: Store): DevServerInventory {
  return {
    keys: { ...store.keys },
    urlGroups: [...store.urlGroups.values()].map(urlGroupJson),
    schedules: [...store.schedules.values()].map(scheduleJson),
    queues: [...store.queues.values()].map((q) => queueJson(q, store.lagOf(q.name))),
    pendingMessages: [...store.messages.values()].map((m) => ({
      ...messageJson(m),
      state: m.state,
      retried: m.retried,
    })),
    finishedMessages: [...store.finished.values()].map((m) => ({
      ...messageJson(m),
      state: m.state,
      retried: m.retried,
      ...(m.lastStatus !== undefined ? { lastStatus: m.lastStatus } : {}),
    })),
    dlq: [...store.dlq.values()].map(dlqJson),
    workflowRuns: store.workflows.snapshot(),
  };
}
