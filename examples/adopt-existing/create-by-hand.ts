/**
 * What "by hand" looks like: objects someone created with a script, the
 * console or the official SDK before the team adopted Pulumi. Run it once
 * against a devserver to try the example:
 *
 *   QSTASH_URL=http://127.0.0.1:8080 QSTASH_TOKEN=<token> APP_URL=http://127.0.0.1:3000 node create-by-hand.ts
 */
import { Client } from "pulumi-qstash/client";

export async function createByHand(client: Client, appUrl: string): Promise<void> {
  await client.urlGroups.addEndpoints({
    name: "billing",
    endpoints: [
      { name: "invoices", url: `${appUrl}/api/invoices` },
      { name: "ledger", url: `${appUrl}/api/ledger` },
    ],
  });
  await client.schedules.create({
    scheduleId: "nightly-cleanup",
    destination: `${appUrl}/api/cleanup`,
    cron: "0 3 * * *",
    body: JSON.stringify({ task: "cleanup" }),
    retries: 2,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const client = new Client(); // QSTASH_TOKEN and QSTASH_URL from the environment
  await createByHand(client, process.env.APP_URL ?? "http://127.0.0.1:3000");
  await client.close();
  console.log("created URL group 'billing' and schedule 'nightly-cleanup'");
}
