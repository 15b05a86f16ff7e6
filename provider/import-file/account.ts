import type { Client, QueueInfo, Schedule, UrlGroup } from "../../sdk/client/index.js";
import type { ImportKind } from "./names.js";

/** What an import reads: every object of the chosen kinds whose name starts with the prefix. */
export interface Account {
  urlGroups: UrlGroup[];
  schedules: Schedule[];
  queues: QueueInfo[];
}

export interface ReadOptions {
  kinds: readonly ImportKind[];
  /** Keep objects whose name (a schedule's id) starts with this. */
  prefix: string;
  /** Called after each list with what has been read so far. */
  progress?: (line: string) => void;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Read the account. QStash answers each of these lists whole, with no cursor
 * (ledger I3), so one request per kind reads every object; a schedule's list
 * entry holds what its get does.
 */
export async function readAccount(client: Client, o: ReadOptions): Promise<Account> {
  const keep = (name: string) => name.startsWith(o.prefix);
  const read: string[] = [];
  const note = (n: number, what: string) => {
    read.push(`${n} ${what}`);
    o.progress?.(`read ${read.join(", ")}`);
  };
  const account: Account = { urlGroups: [], schedules: [], queues: [] };
  if (o.kinds.includes("UrlGroup")) {
    account.urlGroups = (await client.urlGroups.list()).filter((g) => keep(g.name));
    account.urlGroups.sort((a, b) => byName(a.name, b.name));
    const endpoints = account.urlGroups.reduce((n, g) => n + g.endpoints.length, 0);
    note(account.urlGroups.length, `URL groups (${endpoints} endpoints)`);
  }
  if (o.kinds.includes("Schedule")) {
    account.schedules = (await client.schedules.list()).filter((s) => keep(s.scheduleId));
    account.schedules.sort((a, b) => byName(a.scheduleId, b.scheduleId));
    note(account.schedules.length, "schedules");
  }
  if (o.kinds.includes("Queue")) {
    account.queues = (await client.queues.list()).filter((q) => keep(q.name));
    account.queues.sort((a, b) => byName(a.name, b.name));
    note(account.queues.length, "queues");
  }
  return account;
}
